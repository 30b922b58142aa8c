// Browser test of make-up minutes owed: a session the case manager records
// as missed on a student's Progress page, its provider away, is owed the
// next week, so the update of next week's published schedule counts the
// make-up with the IEP's minutes, and the board's short list says so. The
// figures are read from the API the board reads (`POST /api/v1/schedules`),
// never written here. And the make-up of a session the school missed,
// recorded from the Progress page's list of sessions owed one. Real server,
// real Chromium.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DESKTOP, PHONE, expectAccessible, expectReflow, newPage, signIn, skipReason, startStack } from './harness.mjs';
import { apiAs, boardAnswer, coordinatorSignedIn, dayOfWeek, items, makeupsOwed, scheduleMade, showBoard } from './data.mjs';

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

    // A short service of a student on the demo case manager's caseload, owing
    // no make-up yet for the weeks the demo has recorded.
    const teacher = await apiAs(stack, 'special_educator');
    let missed = null;
    for (const service of published.short_services) {
      if (!service.student_id || service.minutes_per_week > 480 || service.makeup_minutes) continue;
      const ieps = await teacher.get(`/students/${service.student_id}/ieps`).catch(() => null);
      if (ieps) {
        missed = service;
        break;
      }
    }
    await teacher.close();
    assert.ok(missed, "a short service of a student on the demo case manager's caseload");

    // On the student's Progress page, on a phone, the case manager records a
    // whole week's minutes of it as missed today, its para away: first with
    // no minutes, refused in the page at the field.
    const manager = await newPage(stack, PHONE);
    await signIn(manager.page, stack, 'special_educator');
    await manager.page.goto(`/students/${missed.student_id}`);
    const form = manager.page.locator('details.missed-session');
    await form.getByText('Record a missed session').click();
    await form.getByLabel('Service').selectOption(String(missed.service_id));
    await form.getByLabel('Minutes missed').fill('0');
    await form.getByRole('button', { name: 'Record the missed session' }).click();
    const refusal = form.getByRole('alert');
    await refusal.getByRole('link', { name: 'Enter the minutes missed, a whole number from 1 to 480.' }).waitFor();
    assert.equal(await manager.page.evaluate(() => document.activeElement?.getAttribute('role')), 'alert', 'the summary takes focus');
    assert.equal(await form.getByLabel('Minutes missed').getAttribute('aria-invalid'), 'true');
    await expectAccessible(manager.page, 'the missed session form refused on a phone');

    await form.getByLabel('Minutes missed').fill(String(missed.minutes_per_week));
    assert.equal(await form.getByLabel('Why it was missed').inputValue(), 'provider_absent');
    // Who was to give it: the case manager unless a para of the school is
    // named; the paras listed are the school's, as the API answers.
    const provider = form.getByLabel('Who was to give it');
    const options = provider.locator('option');
    await options.nth(1).waitFor({ state: 'attached' });
    const asManager = await apiAs(stack, 'special_educator');
    const paras = await asManager.get(`/staff?school_id=${schoolId}&role=paraeducator&limit=500`);
    await asManager.close();
    assert.equal(await options.count(), 1 + paras.items.length, 'the case manager and each para of the school');
    assert.equal(await options.first().textContent(), 'You (the case manager)');
    const para = paras.items[0];
    await provider.selectOption(String(para.id));
    const [sent] = await Promise.all([
      manager.page.waitForResponse((response) => new URL(response.url()).pathname === '/api/v1/captures' && response.request().method() === 'POST'),
      form.getByRole('button', { name: 'Record the missed session' }).click(),
    ]);
    assert.equal(sent.status(), 201, await sent.text());
    const record = await sent.json();
    assert.equal(record.outcome, 'missed');
    assert.equal(record.missed_reason, 'provider_absent');
    assert.equal(record.minutes, missed.minutes_per_week);
    assert.equal(record.provider_id, para.id, 'the para it was due from');
    await form.getByText(`${missed.minutes_per_week} min of`).waitFor();
    assert.match(await form.locator('.notice-good').textContent(), /recorded as missed: make-up is owed, and the next week's para schedule gives it\.$/);
    assert.equal(await refusal.count(), 0, 'the refusal is gone');
    await manager.page.locator('#announcer').getByText(/recorded as missed: make-up is owed/).waitFor();
    await expectAccessible(manager.page, 'the missed session recorded, on a phone');
    await expectReflow(manager.page, 'the missed session form');
    await manager.close();

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

describe('a make-up recorded from the Progress page', { skip: skip ?? false }, () => {
  let stack;
  before(async () => {
    stack = await startStack();
  });
  after(async () => {
    await stack?.stop();
  });

  test('the_case_manager_records_the_make_up_of_a_session_the_school_missed_and_it_is_owed_no_more', async () => {
    // A caseload student whose service is still owed make-up for a session
    // the school missed that no make-up names yet: the demo's recorded weeks
    // leave some; if none is left, the case manager records one missed
    // yesterday through the API.
    const teacher = await apiAs(stack, 'special_educator');
    const sessionsOf = async (student) => items(await teacher.get(`/captures?student_id=${student.id}&kind=service_session&limit=1000`));
    let chosen = null;
    for (const student of items(await teacher.get('/students?limit=200'))) {
      const iep = items(await teacher.get(`/students/${student.id}/ieps`)).find((candidate) => candidate.status === 'active');
      if (!iep?.services?.length) continue;
      const owed = makeupsOwed(await sessionsOf(student), iep.services);
      if (owed.some((entry) => entry.missed.length > 0)) {
        chosen = { student, iep, owed };
        break;
      }
      chosen ??= { student, iep, owed };
    }
    assert.ok(chosen, 'a caseload student with an active IEP and services');
    if (!chosen.owed.some((entry) => entry.missed.length > 0)) {
      const service = chosen.iep.services[0];
      await teacher.post('/captures', {
        id: crypto.randomUUID(),
        kind: 'service_session',
        created_at: new Date().toISOString(),
        student_id: chosen.student.id,
        service_id: service.id,
        date: new Date(Date.now() - 86400000).toISOString().slice(0, 10),
        start: '10:00',
        minutes: 30,
        setting: service.setting,
        provider_id: teacher.staffId,
        group_size: 1,
        outcome: 'missed',
        missed_reason: 'school_event',
      });
      chosen.owed = makeupsOwed(await sessionsOf(chosen.student), chosen.iep.services);
    }
    // The first service with a missed session to name, and its oldest.
    const first = chosen.owed.findIndex((entry) => entry.missed.length > 0);
    const missed = chosen.owed[first].missed[0];

    const manager = await newPage(stack, PHONE);
    const { page } = manager;
    await signIn(page, stack, 'special_educator');
    await page.goto(`/students/${chosen.student.id}`);
    const card = page.locator('section.makeups');
    await card.getByRole('heading', { name: 'Make-up owed', level: 2 }).waitFor();
    // Each service still owed, its minutes, and its missed sessions no
    // make-up names, oldest first, as the API's sessions give them.
    const groups = card.locator('ul.owed-services > li');
    await groups.first().waitFor();
    assert.equal(await groups.count(), chosen.owed.length);
    for (const [index, entry] of chosen.owed.entries()) {
      assert.match(await groups.nth(index).getByRole('heading', { level: 3 }).textContent(), new RegExp(`: ${entry.minutes} min of make-up owed$`));
      assert.deepEqual(
        (await groups.nth(index).locator('ul.owed-sessions > li > p').allTextContents()).map((text) => text.replace(/\s+/g, ' ').replace(/ Record its make-up$/, '')),
        entry.missed.map((session) => `Missed on ${session.date} (${session.missed_reason === 'school_event' ? 'a school event took the time' : 'its provider was away'}): ${session.minutes} min.`),
      );
    }
    const row = groups.nth(first).locator('ul.owed-sessions > li').first();
    const open = row.getByRole('button', { name: 'Record its make-up' });
    await open.click();
    assert.equal(await open.getAttribute('aria-expanded'), 'true');
    const form = row.getByRole('form');
    // Focus goes to the form's first control; the minutes default to the missed session's.
    assert.equal(await page.evaluate(() => document.activeElement?.id ?? ''), await form.getByLabel('Who gave it').getAttribute('id'));
    assert.equal(await form.getByLabel('Minutes given').inputValue(), String(missed.minutes));
    await expectAccessible(page, 'the make-up form on a phone');

    // A day before the missed session is refused in the page, at its field,
    // and nothing is sent.
    const posts = [];
    page.on('request', (request) => {
      if (new URL(request.url()).pathname === '/api/v1/captures' && request.method() === 'POST') posts.push(request);
    });
    const before = new Date(Date.parse(missed.date + 'T12:00:00Z') - 86400000).toISOString().slice(0, 10);
    await form.getByLabel('Day given').fill(before);
    await form.getByRole('button', { name: 'Record the make-up' }).click();
    await form.getByRole('alert').getByRole('link', { name: `The make-up cannot come before the session it makes up, on ${missed.date}.` }).waitFor();
    assert.equal(await form.getByLabel('Day given').getAttribute('aria-invalid'), 'true');
    assert.equal(posts.length, 0);

    // Today, the missed minutes: recorded as a delivered session naming it.
    const today = new Date().toISOString().slice(0, 10);
    await form.getByLabel('Day given').fill(today);
    const [sent] = await Promise.all([
      page.waitForResponse((response) => new URL(response.url()).pathname === '/api/v1/captures' && response.request().method() === 'POST'),
      form.getByRole('button', { name: 'Record the make-up' }).click(),
    ]);
    assert.equal(sent.status(), 201, await sent.text());
    const record = await sent.json();
    assert.equal(record.outcome, 'delivered');
    assert.equal(record.makes_up, missed.id);
    assert.equal(record.service_id, missed.service_id);
    assert.equal(record.minutes, missed.minutes);
    assert.equal(record.date, today);
    // Focus is on what was done, said once.
    const done = card.locator('.notice-good');
    await done.waitFor();
    assert.match(await done.textContent(), new RegExp(`recorded as the make-up for the session missed on ${missed.date}\\.$`));
    assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('notice-good') ?? false), true);
    await page.locator('#announcer').getByText(/recorded as the make-up for the session missed on/).waitFor({ state: 'attached' });
    await expectAccessible(page, 'a make-up recorded on a phone');
    await expectReflow(page, 'the make-up owed');

    // The server holds it; the page now lists what the API's sessions leave
    // owed, now and after a reload: the session made up is not among them.
    const later = await sessionsOf(chosen.student);
    assert.ok(later.some((session) => session.id === record.id && session.makes_up === missed.id));
    const left = makeupsOwed(later, chosen.iep.services);
    assert.ok(!left.some((entry) => entry.missed.some((session) => session.id === missed.id)));
    const listed = async () => (left.length === 0 ? 0 : await card.locator('ul.owed-sessions > li').count());
    const expected = left.reduce((sum, entry) => sum + entry.missed.length, 0);
    assert.equal(await listed(), expected);
    await page.reload();
    await card.getByRole('heading', { name: 'Make-up owed', level: 2 }).waitFor();
    if (left.length === 0) await card.getByText('No make-up is owed').waitFor();
    else await groups.first().waitFor();
    assert.equal(await groups.count(), left.length);
    assert.equal(await listed(), expected);
    await teacher.close();
    await manager.close();
  });
});
