// Browser tests of paraplan's UI against the real server: each role signs in
// and completes its core task; every page and state passes axe (WCAG 2.0/2.1
// A and AA) and reflows at 320 CSS px; screenshots for the README are taken
// at phone and desktop sizes.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { expectAccessible, expectReflow, newPage, screenshots, signIn, skipReason, startStack } from './harness.mjs';

const skip = await skipReason();
if (skip) console.log(`# SKIP browser tests: ${skip}`);

describe('paraplan in the browser', { skip: skip ?? false }, () => {
  let stack;
  before(async () => {
    stack = await startStack();
  });
  after(async () => {
    await stack?.stop();
  });

  describe('sign-in', () => {
    test('sign_in_page_is_accessible_and_reflows', async () => {
      const { context, page } = await newPage(stack);
      await page.goto('/');
      await page.getByRole('heading', { name: 'Sign in' }).waitFor();
      await expectAccessible(page, 'the sign-in page');
      await expectReflow(page, 'the sign-in page');
      await screenshots(page, 'sign-in');
      await context.close();
    });

    test('wrong_password_is_refused_with_a_message_announced', async () => {
      const { context, page } = await newPage(stack);
      await page.goto('/');
      await page.getByLabel('Email address').fill(stack.accounts.paraeducator.email);
      await page.getByLabel('Password').fill('not the password at all');
      await page.getByRole('button', { name: 'Sign in' }).click();
      const alert = page.locator('.sign-in [role="alert"]');
      await alert.waitFor();
      assert.notEqual((await alert.textContent()).trim(), '');
      await expectAccessible(page, 'the sign-in page with an error');
      await context.close();
    });

    test('empty_form_names_both_missing_fields', async () => {
      const { context, page } = await newPage(stack);
      await page.goto('/');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByText('Enter your email address.').waitFor();
      await page.getByText('Enter your password.').waitFor();
      assert.equal(await page.getByLabel('Email address').getAttribute('aria-invalid'), 'true');
      await expectAccessible(page, 'the sign-in page with missing fields');
      await context.close();
    });

    test('session_expiry_warning_lets_the_person_stay_signed_in', async () => {
      const { context, page } = await newPage(stack);
      await page.clock.install();
      await signIn(page, stack, 'general_educator');
      // Jump to two minutes before the idle limit without touching the server.
      const idleMinutes = await page.evaluate(() => Number(document.documentElement.dataset.idleMinutes ?? 30));
      await page.clock.fastForward((idleMinutes - 1.5) * 60 * 1000);
      const dialog = page.getByRole('alertdialog', { name: 'Still there?' });
      await dialog.waitFor();
      await expectAccessible(page, 'the session expiry warning');
      const refreshed = page.waitForResponse((response) => response.url().endsWith('/api/v1/session') && response.request().method() === 'GET');
      await page.keyboard.press('Enter');
      assert.equal((await refreshed).status(), 200);
      await dialog.waitFor({ state: 'detached' });
      await context.close();
    });

    test('sign_out_returns_to_the_sign_in_page_and_ends_the_session', async () => {
      const { context, page } = await newPage(stack);
      await signIn(page, stack, 'general_educator');
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByRole('heading', { name: 'Sign in' }).waitFor();
      const status = await page.evaluate(async () => (await fetch('/api/v1/session')).status);
      assert.equal(status, 401);
      await context.close();
    });
  });
});
