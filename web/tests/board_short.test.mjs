// Browser tests of the schedule board's IEP services the week leaves short:
// each service the week gives fewer minutes than the student's IEP
// requires, the largest shortfall first, the first few at once and the rest
// on request; the same for the week whichever day is shown; a draft's own
// week for an update or a re-plan. The expected services are read from the
// API the board reads (`GET /api/v1/schedules`), never written here; the
// demo publishes a schedule for this week and next. Real server, real
// Chromium.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DESKTOP, PHONE, expectAccessible, expectReflow, skipReason, startStack } from './harness.mjs';
import { boardAnswer, coordinatorSignedIn, dayOfWeek, markAbsentOnBoard, scheduleMade, showBoard } from './data.mjs';

const skip = await skipReason();
if (skip) console.log(`# SKIP browser tests: ${skip}`);

// How many services the board shows before "Show all".
const SHOWN = 5;
const TITLE = 'IEP minutes the week leaves short';

describe('the schedule board shows the IEP minutes the week leaves short', { skip: skip ?? false }, () => {
  let stack;
  before(async () => {
    stack = await startStack();
  });
  after(async () => {
    await stack?.stop();
  });

  test('the_board_lists_the_services_the_published_week_leaves_short_as_the_api_does', async () => {
    const { browser, page, schoolId } = await coordinatorSignedIn(stack, DESKTOP);
    const date = dayOfWeek(0, 2);
    const board = await boardAnswer(page, schoolId, date);
    assert.equal(board.status, 'published');
    const expected = board.short_services;
    assert.ok(expected.length > SHOWN, `the demo school's week leaves more than ${SHOWN} services short (it left ${expected.length})`);

    await showBoard(page, schoolId, date);
    const section = shortSection(page, 2);
    await section.waitFor();
    // A fact of the week, and said to be.
    assert.match(await section.locator('p').first().textContent(), new RegExp(`^For the week of ${board.week} as a whole, whichever day is shown: ${expected.length} IEP services get fewer minutes`));
    // The largest shortfalls first, the rest one key press away.
    const items = section.locator('ol > li');
    assert.equal(await items.count(), SHOWN);
    expectServices(await items.allTextContents(), expected.slice(0, SHOWN));
    const more = section.getByRole('button', { name: `Show all ${expected.length} short services` });
    assert.equal(await more.getAttribute('aria-expanded'), 'false');
    assert.equal(await more.getAttribute('aria-controls'), await section.locator('ol').getAttribute('id'));
    await expectAccessible(page, 'the short services, the first few');
    await more.focus();
    await page.keyboard.press('Enter');
    await items.nth(SHOWN).waitFor();
    assert.equal(await items.count(), expected.length);
    expectServices(await items.allTextContents(), expected);
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('aria-expanded')), 'true', 'focus stays on the button, now expanded');
    await expectAccessible(page, 'the short services, all of them');
    await page.setViewportSize(PHONE);
    await expectAccessible(page, 'the short services on a phone');
    await expectReflow(page, 'the short services');
    // And back to the first few, by keyboard.
    await page.keyboard.press('Enter');
    await page.waitForFunction((shown) => document.querySelectorAll('section.short-services ol > li').length === shown, SHOWN);

    // Another day of the week shows the same week's services.
    const friday = dayOfWeek(0, 4);
    await page.goto(`/schedule?school=${schoolId}&date=${friday}`);
    await page.getByRole('table', { name: `Paras by block on ${friday}` }).waitFor({ timeout: 30000 });
    await section.getByRole('button', { name: /^Show all/ }).click();
    expectServices(await items.allTextContents(), expected);
    await browser.close();
  });

  test('a_week_that_gives_every_service_its_minutes_says_so', async () => {
    const { browser, page, schoolId } = await coordinatorSignedIn(stack);
    const date = dayOfWeek(0, 2);
    // The demo's weeks leave services short: the board's answer is served
    // with none, as a school whose paras give every service its minutes.
    await page.route('**/api/v1/schedules?*', async (route) => {
      const response = await route.fetch();
      await route.fulfill({ response, json: { ...(await response.json()), short_services: [] } });
    });
    await showBoard(page, schoolId, date);
    const section = shortSection(page, 2);
    await section.getByText('Every IEP service paras deliver gets its minutes this week.').waitFor();
    assert.equal(await section.locator('ol').count(), 0);
    assert.equal(await section.getByRole('button').count(), 0);
    await expectAccessible(page, 'a week with no service short');
    await expectReflow(page, 'a week with no service short');
    await browser.close();
  });

  test('an_update_of_the_published_week_lists_the_services_its_own_week_leaves_short', async () => {
    const { browser, page, schoolId } = await coordinatorSignedIn(stack);
    // Next week's Wednesday: published by the demo.
    const date = dayOfWeek(1, 2);
    const published = await boardAnswer(page, schoolId, date);
    assert.equal(published.status, 'published');

    // The case manager raises a short service's weekly minutes by 600 (only
    // a special educator changes IEP content): the week's update leaves it
    // further short than any other.
    const teacher = await caseManager(stack);
    let raised = null;
    for (const service of published.short_services) {
      if (!service.student_id) continue;
      const ieps = await teacher.get(`/students/${service.student_id}/ieps`);
      if (!ieps.ok) continue;
      const iep = ieps.body.items.find((item) => item.services.some((candidate) => candidate.id === service.service_id && candidate.period === 'week'));
      if (!iep) continue;
      const read = await teacher.get(`/ieps/${iep.id}`);
      raised = { service, iep: read.body, etag: read.etag };
      break;
    }
    assert.ok(raised, "a short service of a student on the demo case manager's caseload, counted by the week");
    const { service } = raised;
    const services = raised.iep.services.map((item) => (item.id === service.service_id ? { ...item, minutes: item.minutes + 600 } : item));
    const put = await teacher.put(`/ieps/${raised.iep.id}`, { ...raised.iep, services }, raised.etag);
    assert.equal(put.status, 200, JSON.stringify(put.body));

    try {
      await showBoard(page, schoolId, date);
      const [response] = await Promise.all([page.waitForResponse(scheduleMade), page.getByRole('button', { name: 'Update the published week' }).click()]);
      const answer = await response.json();
      assert.equal(answer.updated_from_id, published.id);
      const first = answer.short_services[0];
      assert.equal(first.student_name, service.student_name);
      assert.equal(first.minutes_per_week, service.minutes_per_week + 600, "the update's week counts the raised minutes");

      // The board shows the draft update's week, the raised service first.
      await page.locator('section.update').waitFor({ timeout: 30000 });
      const section = shortSection(page, 2);
      const items = section.locator('ol > li');
      await section.getByText(`${first.scheduled_minutes} of ${first.minutes_per_week} min a week scheduled`).waitFor();
      const more = section.getByRole('button', { name: /^Show all/ });
      if ((await more.count()) > 0) await more.click();
      assert.equal(await items.count(), answer.short_services.length);
      expectServices(await items.allTextContents(), answer.short_services);
      await expectAccessible(page, "an update's short services on a phone");
    } finally {
      // The IEP as the demo has it.
      const read = await teacher.get(`/ieps/${raised.iep.id}`);
      const restored = await teacher.put(`/ieps/${raised.iep.id}`, { ...read.body, services: raised.iep.services }, read.etag);
      assert.equal(restored.status, 200, JSON.stringify(restored.body));
      await teacher.close();
    }
    await browser.close();
  });

  test('a_replan_lists_the_services_its_own_week_leaves_short', async () => {
    const { browser, page, schoolId } = await coordinatorSignedIn(stack, DESKTOP);
    const date = dayOfWeek(0, 2);
    await showBoard(page, schoolId, date);
    const answer = await markAbsentOnBoard(page);
    // Inside the re-plan's section, a level below its heading.
    const replan = page.locator('section.replan');
    const section = replan.locator('section', { has: page.getByRole('heading', { name: TITLE, level: 3 }) });
    await section.waitFor({ timeout: 30000 });
    const more = section.getByRole('button', { name: /^Show all/ });
    if ((await more.count()) > 0) await more.click();
    expectServices(await section.locator('ol > li').allTextContents(), answer.short_services);
    await expectAccessible(page, "a re-plan's short services");
    await browser.close();
  });
});

// The board's section of short services whose heading is at `level`.
function shortSection(page, level) {
  return page.locator('section.short-services', { has: page.getByRole('heading', { name: TITLE, level, exact: true }) }).first();
}

// Each line of the list says, in the API's order, the student, the type of
// support and the setting in words, and the minutes: "Ana Diaz, math support
// in the general education classroom: 50 of 120 min a week scheduled (70 short)".
function expectServices(lines, services) {
  assert.equal(lines.length, services.length);
  services.forEach((service, index) => {
    const type = service.type.replace(/_/g, ' ');
    const setting = service.setting === 'other' ? 'another setting' : `the ${service.setting.replace(/_/g, ' ')}`;
    const makeup = service.makeup_minutes ?? 0;
    const due = service.minutes_per_week + makeup;
    const of =
      makeup > 0
        ? `${service.scheduled_minutes} of ${due} min scheduled this week, ${service.minutes_per_week} a week and ${makeup} make-up owed`
        : `${service.scheduled_minutes} of ${service.minutes_per_week} min a week scheduled`;
    const absent = service.days_absent > 0 ? `; absent ${service.days_absent} day${service.days_absent === 1 ? '' : 's'} this week` : '';
    assert.equal(lines[index].trim().toLowerCase(), `${service.student_name}, ${type} in ${setting}: ${of} (${due - service.scheduled_minutes} short${absent})`.toLowerCase());
    assert.ok(lines[index].startsWith(service.student_name), `the student's name as the API gives it in "${lines[index]}"`);
  });
}

// The demo case manager's API client: reads with their ETag, and a PUT with
// If-Match, each answered with its status rather than thrown.
async function caseManager(stack) {
  const { request } = await import('playwright-core');
  const client = await request.newContext({ baseURL: stack.baseUrl });
  const { email, password } = stack.accounts.special_educator;
  const session = await (await client.post('/api/v1/session', { data: { email, password } })).json();
  const answered = async (response) => {
    const text = await response.text();
    return { ok: response.ok(), status: response.status(), etag: response.headers().etag, body: text ? JSON.parse(text) : undefined };
  };
  return {
    get: async (path) => answered(await client.get(`/api/v1${path}`)),
    put: async (path, data, etag) => answered(await client.put(`/api/v1${path}`, { data, headers: { 'If-Match': etag, 'X-CSRF-Token': session.csrf_token ?? '' } })),
    close: () => client.dispose(),
  };
}

