// The app shell: skip link, role-based navigation, the live regions that
// announce status messages, the session expiry warning, and the page routes.
// Pages are loaded on demand so the para's phone downloads only "My day".
import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ErrorNotice, Loading, PageHeading } from './components';
import { ExpiryWarning } from './expiry';
import { onUnauthorized } from './lib/api';
import { setAnnouncer } from './lib/announce';
import { match, navigate, onLinkClick, useRoute } from './lib/router';
import { ROLE_LABELS, type Role, type Session, currentSession, finishPendingSignOut, homeOf, navigationOf, signOut, signOutPending } from './lib/session';
import { forgetDevice, loadOfflineProfile, saveOfflineProfile } from './lib/offline_profile';
import { SignInPage } from './pages/sign_in';

export interface PageProps {
  session: Session;
  params: Record<string, string>;
  query: URLSearchParams;
}

type PageModule = { default: ComponentType<PageProps> };

interface RouteEntry {
  pattern: string;
  // What the page is called, to tell someone of another role whose page it is.
  title: string;
  roles: Role[];
  load: () => Promise<PageModule>;
}

const LICENSED: Role[] = ['special_educator', 'related_service_provider'];

const ROUTES: RouteEntry[] = [
  { pattern: '/day', title: 'My day', roles: ['paraeducator'], load: () => import('./pages/my_day') },
  { pattern: '/schedule', title: 'Schedule board', roles: ['administrator'], load: () => import('./pages/schedule_board') },
  { pattern: '/schedule/print', title: "Paras' weeks to print", roles: ['administrator'], load: () => import('./pages/schedule_print') },
  { pattern: '/schedule/minutes', title: 'IEP minutes this week', roles: ['administrator'], load: () => import('./pages/schedule_minutes') },
  { pattern: '/schedule/needs', title: "Students' needs by block", roles: ['administrator'], load: () => import('./pages/schedule_needs') },
  { pattern: '/caseload', title: 'Caseload', roles: LICENSED, load: () => import('./pages/caseload') },
  { pattern: '/review', title: 'Records to review', roles: LICENSED, load: () => import('./pages/review') },
  { pattern: '/plans', title: 'Plans to review', roles: LICENSED, load: () => import('./pages/plans') },
  { pattern: '/plans/:id', title: 'Plans to review', roles: LICENSED, load: () => import('./pages/plans') },
  { pattern: '/students/:id', title: "A student's progress", roles: LICENSED, load: () => import('./pages/progress') },
  { pattern: '/sections', title: 'My sections', roles: ['general_educator'], load: () => import('./pages/sections') },
  { pattern: '/family', title: 'My child', roles: ['parent'], load: () => import('./pages/family') },
];

// The roles, as a page of another role names those it is for.
const ROLE_PLURALS: Record<Role, string> = {
  administrator: 'administrators',
  special_educator: 'special educators',
  related_service_provider: 'related service providers',
  general_educator: 'general educators',
  paraeducator: 'paraeducators',
  parent: 'parents and guardians',
};

function LazyPage({ entry, props }: { entry: RouteEntry; props: PageProps }) {
  const [module, setModule] = useState<PageModule | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    let live = true;
    setModule(null);
    setError(null);
    entry.load().then(
      (loaded) => live && setModule(loaded),
      (caught: unknown) => live && setError(caught),
    );
    return () => {
      live = false;
    };
  }, [entry]);
  if (error) return <ErrorNotice error={error} what="this page" onRetry={() => location.reload()} />;
  if (!module) return <Loading what="the page" />;
  const Page = module.default;
  return <Page {...props} />;
}

// An address that is no page for anyone.
function NotFound({ session }: { session: Session }) {
  return (
    <div>
      <PageHeading title="Page not found" />
      <p>
        There is no such page. <a href={homeOf(session.role)}>Go to your start page</a>.
      </p>
    </div>
  );
}

// A page of other roles than the signed-in person's: whose it is, and the way to their own.
function AnotherRolesPage({ entry, session }: { entry: RouteEntry; session: Session }) {
  const who = entry.roles.map((role) => ROLE_PLURALS[role]).join(' and ');
  const own = ROLE_LABELS[session.role].toLowerCase();
  return (
    <div>
      <PageHeading title="A page for another role" />
      <p>
        {entry.title} is for {who}. You are signed in as {/^[aeiou]/.test(own) ? 'an' : 'a'} {own}. <a href={homeOf(session.role)}>Go to your start page</a>.
      </p>
    </div>
  );
}

function LiveRegions() {
  const [polite, setPolite] = useState('');
  const [assertive, setAssertive] = useState('');
  useEffect(() => {
    setAnnouncer((text, politeness) => {
      const set = politeness === 'assertive' ? setAssertive : setPolite;
      // Clearing first makes a repeated message be spoken again.
      set('');
      setTimeout(() => set(text), 50);
    });
    return () => setAnnouncer(null);
  }, []);
  return (
    <>
      <div class="visually-hidden" role="status" aria-live="polite" aria-atomic="true" id="announcer">
        {polite}
      </div>
      <div class="visually-hidden" role="alert" aria-live="assertive" aria-atomic="true">
        {assertive}
      </div>
    </>
  );
}

const SIGN_OUT_NOT_FINISHED =
  'You are signed out on this screen, but the server could not be told: the sign-out finishes as soon as the network returns. Until then, do not hand this device to anyone else.';

type Boot = { state: 'loading' } | { state: 'signed-out'; notice?: string } | { state: 'signed-in'; session: Session; offline: boolean } | { state: 'error'; error: unknown };

export function App() {
  const route = useRoute();
  const [boot, setBoot] = useState<Boot>({ state: 'loading' });

  async function start() {
    setBoot({ state: 'loading' });
    // A sign-out that did not reach the server is finished first; until it
    // is, nobody is signed in here, whatever the session cookie says.
    if (!(await finishPendingSignOut())) {
      setBoot({ state: 'signed-out', notice: SIGN_OUT_NOT_FINISHED });
      return;
    }
    try {
      const session = await currentSession();
      if (!session) {
        setBoot({ state: 'signed-out' });
        return;
      }
      await saveOfflineProfile(session);
      setBoot({ state: 'signed-in', session, offline: false });
    } catch (error) {
      // Without a network a para can still see the day saved on this phone
      // and record data; it is sent when the network returns.
      const profile = await loadOfflineProfile();
      if (profile && !navigator.onLine) setBoot({ state: 'signed-in', session: profile, offline: true });
      else setBoot({ state: 'error', error });
    }
  }

  useEffect(() => {
    void start();
    return onUnauthorized(() => setBoot({ state: 'signed-out', notice: 'Your session has ended. Sign in again to continue.' }));
  }, []);

  async function endSession(notice: string) {
    let finished = true;
    try {
      await signOut();
    } catch {
      // Without a network the sign-out stays pending and is finished when
      // the network returns or the app is next opened.
      finished = !signOutPending();
    }
    await forgetDevice();
    setBoot({ state: 'signed-out', notice: finished ? notice : SIGN_OUT_NOT_FINISHED });
    navigate('/', { replace: true });
  }

  // Signed out without a network: finish the sign-out when it returns.
  const pending = boot.state === 'signed-out' && boot.notice === SIGN_OUT_NOT_FINISHED;
  useEffect(() => {
    if (!pending) return;
    const retry = async () => {
      if (await finishPendingSignOut()) setBoot({ state: 'signed-out', notice: 'You have signed out.' });
    };
    addEventListener('online', retry);
    return () => removeEventListener('online', retry);
  }, [pending]);

  const signedIn = boot.state === 'signed-in' ? boot.session : null;
  const offline = boot.state === 'signed-in' && boot.offline;

  // Opened without a network, the page has no session from the server: get
  // one when the network returns, so waiting records can be sent.
  useEffect(() => {
    if (!offline) return;
    const reconnect = () => void start();
    addEventListener('online', reconnect);
    return () => removeEventListener('online', reconnect);
  }, [offline]);

  useEffect(() => {
    if (signedIn && (route.path === '/' || route.path === '/sign-in')) navigate(homeOf(signedIn.role), { replace: true });
  }, [signedIn, route.path]);

  let content;
  if (boot.state === 'loading') content = <Loading what="paraplan" />;
  else if (boot.state === 'error')
    content = (
      <>
        <h1 tabIndex={-1}>paraplan</h1>
        <ErrorNotice error={boot.error} what="your session" onRetry={start} />
      </>
    );
  else if (boot.state === 'signed-out')
    content = (
      <SignInPage
        notice={boot.notice}
        onSignedIn={(session) => {
          void saveOfflineProfile(session);
          setBoot({ state: 'signed-in', session, offline: false });
          // An address opened while signed out (a link to a student's
          // progress, a page whose session ended) opens once signed in, when
          // it is a page of the person's role; otherwise their start page.
          const opened = route.path !== '/' && ROUTES.some((entry) => match(entry.pattern, route.path) && entry.roles.includes(session.role));
          navigate(opened ? location.pathname + location.search : homeOf(session.role), { replace: true });
        }}
      />
    );
  else {
    const session = boot.session;
    let page = null;
    for (const entry of ROUTES) {
      const params = match(entry.pattern, route.path);
      if (params && entry.roles.includes(session.role)) {
        page = <LazyPage key={entry.pattern} entry={entry} props={{ session, params, query: route.query }} />;
        break;
      }
    }
    // An address of a page for other roles says whose it is; any other is not found.
    const another = page ? undefined : ROUTES.find((entry) => match(entry.pattern, route.path));
    if (page) content = page;
    else if (route.path === '/') content = <Loading what="your start page" />;
    else content = another ? <AnotherRolesPage entry={another} session={session} /> : <NotFound session={session} />;
  }

  return (
    <div class="shell" onClick={onLinkClick}>
      <a class="skip-link" href="#main">
        Skip to main content
      </a>
      <header class="masthead">
        <div class="masthead-inner">
          <a class="brand" href={signedIn ? homeOf(signedIn.role) : '/'}>
            paraplan
          </a>
          {signedIn && (
            <nav aria-label="Main">
              <ul>
                {navigationOf(signedIn.role).map((item) => (
                  <li key={item.path}>
                    <a href={item.path} aria-current={route.path.startsWith(item.path) ? 'page' : undefined}>
                      {item.label}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
          )}
          {signedIn && (
            <div class="who">
              <span>
                {signedIn.name} <span class="role">({ROLE_LABELS[signedIn.role]})</span>
              </span>
              <button type="button" class="button button-small" onClick={() => endSession('You have signed out.')}>
                Sign out
              </button>
            </div>
          )}
        </div>
      </header>
      {boot.state === 'signed-in' && boot.offline && (
        <p class="banner" role="status">
          You are offline. You see what was saved on this device; new records are kept here and sent when the network returns.
        </p>
      )}
      <main id="main" tabIndex={-1}>
        {content}
      </main>
      <LiveRegions />
      {signedIn && boot.state === 'signed-in' && !boot.offline && (
        <ExpiryWarning
          session={signedIn}
          onSignOut={() => endSession('You have signed out.')}
          onExpired={() => endSession(`You were signed out after ${signedIn.idleMinutes} minutes without activity. Sign in again to continue.`)}
        />
      )}
    </div>
  );
}
