// Browser test of make-up minutes owed on the schedule board: a session the
// case manager records as missed while its provider was away is owed the
// next week, so the update of next week's published schedule counts the
// make-up with the IEP's minutes, and the board's short list says so. The
// figures are read from the API the board reads (`POST /api/v1/schedules`),
// never written here. Real server, real Chromium.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { DESKTOP, PHONE, expectAccessible, expectReflow, skipReason, startStack } from './harness.mjs';
import { apiAs, boardAnswer, coordinatorSignedIn, dayOfWeek, scheduleMade, showBoard } from './data.mjs';

const skip = await skipReason();
if (skip) console.log(`# SKIP browser tests: ${skip}`);

describe('the schedule board counts the make-up minutes owed', { skip: skip ?? false }, () => {
  let stack;
  before(async () => {
    stack = await startStack();
  });
  after(async () => {
    await stack?.stop();
  });

  test('a_session_missed_while_its_provider_was_away_is_owed_by_the_next_week', async () => {
    const { browser, page, schoolId } = await coordinatorSignedIn(stack, DESKTOP);
    // Next week's Wednesday: published by the demo.
    const date = dayOfWeek(1, 2);
    const published = await boardAnswer(page, schoolId, date);
    assert.equal(published.status, 'published');
    assert.ok(published.short_services.every((service) => !service.makeup_minutes), 'the demo owes no make-up');

    // The demo case manager records a whole week's minutes of a short
    // service on their caseload as missed today, its provider away.
    const teacher = await apiAs(stack, 'special_educator');
    let missed = null;
    for (const service of published.short_services) {
      if (!service.student_id) continue;
      const ieps = await teacher.get(`/students/${service.student_id}/ieps`).catch(() => null);
      if (ieps) {
        missed = service;
        break;
      }
    }
    assert.ok(missed, "a short service of a student on the demo case manager's caseload");
    const now = new Date();
    const today = new Date(now.getTime() - now.getTimezoneOffset() * 60000).toISOString().slice(0, 10);
    await teacher.post('/captures', {
      id: randomUUID(),
      kind: 'service_session',
      created_at: now.toISOString(),
      student_id: missed.student_id,
      service_id: missed.service_id,
      date: today,
      start: '09:00',
      minutes: missed.minutes_per_week,
      setting: missed.setting,
      provider_id: teacher.staffId,
      outcome: 'missed',
      missed_reason: 'provider_absent',
    });
    await teacher.close();

    // Next week's update owes it on top of the IEP's minutes.
    await showBoard(page, schoolId, date);
    const [response] = await Promise.all([page.waitForResponse(scheduleMade), page.getByRole('button', { name: 'Update the published week' }).click()]);
    assert.equal(response.status(), 201, await response.text());
    const answer = await response.json();
    const owed = answer.short_services.find((service) => service.service_id === missed.service_id);
    assert.ok(owed, 'the service is still short with its make-up');
    assert.equal(owed.minutes_per_week, missed.minutes_per_week);
    assert.ok(owed.makeup_minutes > 0 && owed.makeup_minutes <= missed.minutes_per_week, `make-up owed: ${owed.makeup_minutes}`);

    // The board's list says so, in the API's order and figures.
    await page.locator('section.update').waitFor({ timeout: 30000 });
    const section = page
      .locator('section.short-services', { has: page.getByRole('heading', { name: 'IEP minutes the week leaves short', level: 2, exact: true }) })
      .first();
    const due = owed.minutes_per_week + owed.makeup_minutes;
    const line = `${owed.scheduled_minutes} of ${due} min scheduled this week, ${owed.minutes_per_week} a week and ${owed.makeup_minutes} make-up owed (${due - owed.scheduled_minutes} short`;
    const more = section.getByRole('button', { name: /^Show all/ });
    if ((await more.count()) > 0) await more.click();
    await section.getByText(line).waitFor();
    const items = await section.locator('ol > li').allTextContents();
    assert.equal(items.length, answer.short_services.length);
    const index = answer.short_services.indexOf(owed);
    assert.ok(items[index].startsWith(owed.student_name), `"${items[index]}" names the student`);
    assert.ok(items[index].includes(line), `"${items[index]}"`);
    await expectAccessible(page, 'a short service with make-up owed');
    await page.setViewportSize(PHONE);
    await expectAccessible(page, 'a short service with make-up owed on a phone');
    await expectReflow(page, 'a short service with make-up owed');
    await browser.close();
  });
});
