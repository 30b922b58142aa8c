// Browser tests of the coordinator's keep-apart list on the schedule board:
// the paras who must never support a given student, each pair with why and
// a way to take it off; a pair added from the board, its refusals beside the
// field they name; and its effect: the published week keeps the pair
// together until the coordinator updates it, and the update parts them. The
// student is found by a search the server answers as the coordinator types,
// so the page never reads the whole school (each student read is audited).
// The paras, students and assignments are read from the API the board reads,
// never written here; the demo publishes a schedule for this week and next.
// Real server, real Chromium.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DESKTOP, PHONE, describedAs, expectAccessible, expectReflow, liveRegionsSaying, skipReason, startStack } from './harness.mjs';
import { coordinatorSignedIn, dayOfWeek, items, pageApi, scheduleMade, showBoard } from './data.mjs';

const skip = await skipReason();
if (skip) console.log(`# SKIP browser tests: ${skip}`);

const TITLE = 'Keep apart';
const OPEN_FORM = 'Keep a para apart from a student';
// The students the page's search lists at most, and asks for (one more, to
// tell there are more).
const FOUND = 25;

describe('the schedule board keeps the keep-apart list', { skip: skip ?? false }, () => {
  let stack;
  before(async () => {
    stack = await startStack();
  });
  after(async () => {
    await stack?.stop();
  });

  test('the_coordinator_adds_a_pair_sees_it_listed_is_told_of_refusals_and_takes_it_off', async () => {
    const { browser, page, schoolId, api, posts, studentLists } = await onTheBoard(stack, DESKTOP);
    // A para and a student of the board's school, as the API lists them.
    const { paras, students } = await theSchool(api, schoolId);
    // The demo keeps one pair apart (a family tie); this test starts from an empty list.
    const demoPairs = (await api.get(`/keep-apart?school_id=${schoolId}`)).items;
    assert.equal(demoPairs.length, 1, 'the demo keeps one pair apart');
    assert.match(demoPairs[0].reason, /^Family tie/);
    for (const demoPair of demoPairs) await api.delete(`/keep-apart/${demoPair.id}`);
    const para = paras[paras.length - 1];
    const student = students[Math.floor(students.length / 2)];
    const paraName = `${para.first_name} ${para.last_name}`;
    const studentName = `${student.first_name} ${student.last_name}`;

    try {
      const date = dayOfWeek(0, 2);
      await page.goto(`/schedule?school=${schoolId}&date=${date}`);
      const section = keepApartSection(page);
      await section.getByText('No para is kept apart from a student at this school.').waitFor({ timeout: 30000 });
      await section.getByText(OPEN_FORM).click();
      const paraSelect = section.getByLabel('Para', { exact: true });
      const studentBox = section.getByRole('combobox', { name: 'Student', exact: true });
      const reason = section.getByLabel('Reason', { exact: true });
      await paraSelect.waitFor({ timeout: 30000 });
      // The para is picked from the school's paras by name; the student is
      // found by name, and listed with their grade and id.
      assert.equal((await paraSelect.locator(`option[value="${para.id}"]`).textContent()).trim(), paraName);
      await searchFor(studentBox, studentName);
      assert.ok(
        (await section.getByRole('listbox').getByRole('option').allTextContents()).includes(`${studentName}, grade ${student.grade} · id ${student.id}`),
        `${studentName} is listed with their grade and id`,
      );
      // The reason's limit is said before anything is typed.
      assert.match(await describedAs(reason), /Up to 500 characters\./);

      // No reason: refused in the page, linked to its field; nothing is sent.
      await paraSelect.selectOption(String(para.id));
      await pickStudent(section, student);
      await section.getByRole('button', { name: 'Keep apart', exact: true }).click();
      const summary = section.getByRole('alert').filter({ hasText: 'The pair was not kept apart.' });
      await summary.waitFor();
      const missing = 'Write why the para is kept apart from the student.';
      await expectFieldError(page, reason, missing);
      // Focus moves to the summary.
      await page.waitForFunction(() => document.activeElement?.getAttribute('role') === 'alert' && document.activeElement.textContent.includes('The pair was not kept apart.'));
      await summary.getByRole('link', { name: missing }).click();
      assert.equal(await page.evaluate(() => document.activeElement?.id), await reason.getAttribute('id'), "the summary's link takes focus to the reason");
      assert.equal(posts.length, 0, 'nothing is sent without a reason');
      await expectAccessible(page, 'the keep-apart form refusing a missing reason');

      // A reason the server refuses (the page's check stepped around) is
      // shown at the reason, in the server's words.
      await reason.fill('Her aunt');
      await expectRefusedAt(section, reason, { reason: '' }, 'The reason');

      // Kept apart: listed in a sentence with why, and the coordinator is
      // told the week changes only when it is made or updated again.
      const added = await send(section);
      assert.equal(added.status(), 201);
      const pair = section.locator('ul.keep-apart-list > li');
      await pair.first().waitFor();
      assert.equal(await pair.count(), 1);
      assert.equal(normal(await pair.locator('p').textContent()), `${paraName} is kept apart from ${studentName}: Her aunt`);
      const done = section.locator('p.notice');
      assert.match(normal(await done.textContent()), new RegExp(`^${paraName} is now kept apart from ${studentName}\\. .*update the published week or run the optimizer again`));
      await page.locator('#announcer').getByText(`${paraName} is now kept apart from ${studentName}.`).waitFor({ state: 'attached' });
      assert.equal(await liveRegionsSaying(page, `${paraName} is now kept apart from ${studentName}.`), 1, 'announced once');
      assert.equal(await section.getByRole('alert').count(), 0, 'the refusal is gone');
      assert.equal(await reason.inputValue(), '', 'the form is ready for another pair');
      assert.equal(await studentBox.inputValue(), '', 'the student is cleared for another pair');
      const listed = (await api.get(`/keep-apart?school_id=${schoolId}`)).items;
      assert.deepEqual(
        listed.map((item) => [item.staff_id, item.student_id, item.reason]),
        [[para.id, student.id, 'Her aunt']],
      );

      // The same pair again: the server's 409, said as the pair already kept apart.
      await pickStudent(section, student);
      await reason.fill('Her aunt, again');
      const twice = await send(section);
      assert.equal(twice.status(), 409);
      await summary.getByText(`${paraName} is already kept apart from ${studentName}: the pair is on the list above.`).waitFor();
      assert.equal(await pair.count(), 1);
      assert.equal((await api.get(`/keep-apart?school_id=${schoolId}`)).items.length, 1);
      await expectAccessible(page, 'the keep-apart list refusing a pair kept apart already');

      await page.setViewportSize(PHONE);
      await expectAccessible(page, 'the keep-apart list on a phone');
      await expectReflow(page, 'the keep-apart list');
      await expectHeadingsInOrder(page);

      // Taken off: the list says none, the coordinator is told when it
      // applies, and focus goes back to the list's heading.
      const [removed] = await Promise.all([
        page.waitForResponse((response) => response.request().method() === 'DELETE' && /\/api\/v1\/keep-apart\/\d+$/.test(new URL(response.url()).pathname)),
        section.getByRole('button', { name: `Take off the list (${paraName} and ${studentName})`, exact: true }).click(),
      ]);
      assert.equal(removed.status(), 204);
      await section.getByText('No para is kept apart from a student at this school.').waitFor();
      assert.match(normal(await done.textContent()), new RegExp(`^${paraName} is no longer kept apart from ${studentName}\\. .*update the published week or run the optimizer again`));
      await page.locator('#announcer').getByText(`${paraName} is no longer kept apart from ${studentName}.`).waitFor({ state: 'attached' });
      assert.equal(await liveRegionsSaying(page, `${paraName} is no longer kept apart from ${studentName}.`), 1, 'announced once');
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'keep-apart-title');
      assert.deepEqual((await api.get(`/keep-apart?school_id=${schoolId}`)).items, []);
      await expectAccessible(page, 'the keep-apart list emptied, on a phone');
      expectOnlySearched(studentLists);
    } finally {
      await page.unroute('**/api/v1/keep-apart');
      await takeAllOff(api, schoolId);
    }
    await browser.close();
  });

  test('the_coordinator_finds_a_student_by_part_of_a_name_picks_them_with_the_keyboard_and_keeps_the_pair_apart_on_a_phone', async () => {
    const { browser, page, schoolId, api, posts, studentLists } = await onTheBoard(stack, PHONE);
    const { paras, students } = await theSchool(api, schoolId);
    const para = paras[0];
    const student = students[students.length - 1];
    const studentName = `${student.first_name} ${student.last_name}`;
    const label = `${studentName}, grade ${student.grade}`;

    try {
      await page.goto(`/schedule?school=${schoolId}&date=${dayOfWeek(0, 2)}`);
      const section = keepApartSection(page);
      await section.getByText('No para is kept apart from a student at this school.').waitFor({ timeout: 30000 });
      await section.getByText(OPEN_FORM).click();
      const box = section.getByRole('combobox', { name: 'Student', exact: true });
      await box.waitFor({ timeout: 30000 });
      const list = page.locator(`#${await box.getAttribute('aria-controls')}`);
      const options = list.getByRole('option');
      assert.equal(await box.getAttribute('aria-expanded'), 'false', 'the list is closed until something is typed');
      assert.equal(await box.getAttribute('aria-autocomplete'), 'list');
      assert.match(await describedAs(box), /part of a name, or the student's id/);

      // Part of a name narrows the list to the students who have it, at
      // most 8 of them, each with their grade and id; the count is said once
      // the typing pauses (more than the search lists, not counted exactly).
      const part = student.last_name.slice(0, 3).toLowerCase();
      const having = students.filter((item) => `${item.first_name} ${item.last_name} ${item.id}`.toLowerCase().includes(part));
      assert.ok(having.length < students.length, `"${part}" is not in every student's name`);
      await searchFor(box, part, { keys: true });
      assert.equal(await box.getAttribute('aria-expanded'), 'true');
      assert.equal(await list.getAttribute('role'), 'listbox');
      const listed = await options.allTextContents();
      assert.equal(listed.length, Math.min(8, having.length));
      for (const text of listed) {
        assert.ok(having.some((item) => text === `${item.first_name} ${item.last_name}, grade ${item.grade} · id ${item.id}`), `"${text}" is a student with "${part}"`);
      }
      const said = having.length > FOUND ? `More than ${FOUND} students match` : having.length === 1 ? '1 student matches' : `${having.length} students match`;
      await page.locator('#announcer').getByText(said).waitFor({ state: 'attached' });
      await expectAccessible(page, 'the student search with its list open, on a phone');
      await expectReflow(page, 'the student search with its list open');

      // The keyboard: Down moves through the list, Enter picks without
      // sending the form, and the box shows who was picked.
      await searchFor(box, studentName);
      const target = `${await box.getAttribute('id')}-option-${student.id}`;
      let presses = 0;
      while ((await box.getAttribute('aria-activedescendant')) !== target) {
        assert.ok(presses++ < 8, `${studentName} is among the first 8 listed for their full name`);
        await box.press('ArrowDown');
      }
      assert.equal(await page.locator(`#${target}`).getAttribute('aria-selected'), 'true');
      assert.equal(await list.locator('[aria-selected="true"]').count(), 1);
      await box.press('Enter');
      assert.equal(await box.inputValue(), label);
      assert.equal(await box.getAttribute('aria-expanded'), 'false');
      assert.equal(await box.getAttribute('aria-activedescendant'), null);
      assert.equal(posts.length, 0, 'Enter picks the student and sends nothing');

      // Escape closes the list, and then clears the box: no student is picked.
      await box.press('ArrowDown');
      assert.equal(await box.getAttribute('aria-expanded'), 'true');
      await box.press('Escape');
      assert.equal(await box.getAttribute('aria-expanded'), 'false');
      assert.equal(await box.inputValue(), label);
      await box.press('Escape');
      assert.equal(await box.inputValue(), '');
      await section.getByLabel('Para', { exact: true }).selectOption(String(para.id));
      await section.getByLabel('Reason', { exact: true }).fill('Her cousin');
      await section.getByRole('button', { name: 'Keep apart', exact: true }).click();
      await expectFieldError(page, box, 'Choose the student: type part of their name and pick them from the list.');
      assert.equal(posts.length, 0, 'nothing is sent without a student');

      // The student's id finds them first; the picked student can be changed.
      await searchFor(box, String(student.id));
      assert.equal(await options.first().textContent(), `${label} · id ${student.id}`);
      await box.press('ArrowDown');
      await box.press('Enter');
      assert.equal(await box.inputValue(), label);

      // A student the server refuses (the page stepped around) is said at the search.
      await expectRefusedAt(section, box, { student_id: 0 }, 'The student');

      const added = await send(section);
      assert.equal(added.status(), 201);
      await section.locator('ul.keep-apart-list > li').first().waitFor();
      assert.deepEqual(
        (await api.get(`/keep-apart?school_id=${schoolId}`)).items.map((item) => [item.staff_id, item.student_id, item.reason]),
        [[para.id, student.id, 'Her cousin']],
      );
      assert.equal(await box.inputValue(), '', 'the search is cleared for another pair');
      await expectAccessible(page, 'the keep-apart form after a pair is added, on a phone');
      await expectReflow(page, 'the keep-apart form after a pair is added');
      expectOnlySearched(studentLists);
    } finally {
      await page.unroute('**/api/v1/keep-apart');
      await takeAllOff(api, schoolId);
    }
    await browser.close();
  });

  test('the_student_search_lists_what_the_server_finds_for_the_name_typed_says_when_none_or_more_match_or_it_fails_and_never_shows_a_stale_answer', async () => {
    const { browser, page, schoolId, api, studentLists } = await onTheBoard(stack, DESKTOP);
    const { students } = await theSchool(api, schoolId);
    // The school's last student: the students a search for "a" answers come
    // first in the school, and are not them.
    const student = students[students.length - 1];
    const studentName = `${student.first_name} ${student.last_name}`;
    const found = async (name) => items(await api.get(`/students?school_id=${schoolId}&name=${encodeURIComponent(name)}&limit=${FOUND + 1}`));
    const labelled = (item) => `${item.first_name} ${item.last_name}, grade ${item.grade} · id ${item.id}`;
    const answered = await found(studentName);
    assert.ok(answered.some((item) => item.id === student.id) && answered.length <= 8, `a few students are called ${studentName}, ${student.id} among them`);
    assert.ok(!(await found('a')).some((item) => item.id === student.id), `the search for "a" does not answer ${studentName}`);

    await page.goto(`/schedule?school=${schoolId}&date=${dayOfWeek(0, 2)}`);
    const section = keepApartSection(page);
    await section.getByText(OPEN_FORM).click();
    const box = section.getByRole('combobox', { name: 'Student', exact: true });
    await box.waitFor({ timeout: 30000 });
    const options = page.locator(`#${await box.getAttribute('aria-controls')}`).getByRole('option');
    const announcer = page.locator('#announcer');
    assert.deepEqual(studentLists, [], 'opening the form reads no student');

    // A slow answer to what was typed first never replaces the answer to
    // what was typed last: the answer to "a" is held until the full name's
    // is listed.
    let release;
    const held = new Promise((resolve) => (release = resolve));
    const searchForA = (url) => url.pathname === '/api/v1/students' && url.searchParams.get('name') === 'a';
    await page.route(searchForA, async (route) => {
      await held;
      await route.continue();
    });
    try {
      const askedA = page.waitForRequest((request) => searchedName(request) === 'a');
      await box.fill('a');
      await askedA;
      await searchFor(box, studentName);
      // The students listed for a name are those the API answers for it.
      assert.deepEqual((await options.allTextContents()).sort(), answered.map(labelled).sort());
      const answeredA = page.waitForEvent('requestfinished', (request) => searchedName(request) === 'a');
      release();
      await answeredA;
      // The page has the answer to "a" once its resource timing lists it,
      // and has read it within a task.
      await page.waitForFunction(() => performance.getEntriesByType('resource').some((entry) => new URL(entry.name).searchParams.get('name') === 'a'));
      await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 0)));
      assert.deepEqual((await options.allTextContents()).sort(), answered.map(labelled).sort(), 'the late answer to "a" is not listed');
      assert.doesNotMatch(await announcer.textContent(), /More than/, 'nor said');
    } finally {
      await page.unroute(searchForA);
    }

    // A name nobody has: said under the box and aloud, once, with no list.
    assert.deepEqual(await found('Zzqx'), []);
    await searchFor(box, 'Zzqx');
    const none = 'No student has “Zzqx” in their name or id.';
    await section.getByText(none).waitFor();
    await announcer.getByText(none).waitFor({ state: 'attached' });
    assert.equal(await liveRegionsSaying(page, none), 1, 'said once');
    assert.equal(await box.getAttribute('aria-expanded'), 'false');

    // More students than the search answers: listed 8, and not counted as
    // if the answer were all of them.
    assert.equal((await found('a')).length, FOUND + 1, `more than ${FOUND} students have an "a" in their name`);
    await searchFor(box, 'a');
    assert.equal(await options.count(), 8);
    await section.getByText(`More than ${FOUND} students match: type more to narrow them.`).waitFor();
    await announcer.getByText(`More than ${FOUND} students match`).waitFor({ state: 'attached' });
    await expectAccessible(page, 'the student search with more matches than it lists');

    // A search that fails says so, and typing again finds the student.
    const failing = (url) => url.pathname === '/api/v1/students' && url.searchParams.get('name') === student.last_name;
    await page.route(failing, (route) => route.abort());
    try {
      await box.fill(student.last_name);
      const failed = 'Could not search the students: No connection to the server. Check the network and try again.';
      await section.getByText(failed).waitFor();
      await announcer.getByText(failed).waitFor({ state: 'attached' });
      assert.equal(await options.count(), 0);
      await expectAccessible(page, 'the student search failing');
    } finally {
      await page.unroute(failing);
    }
    await searchFor(box, studentName);
    await box.press('ArrowDown');
    assert.ok((await options.allTextContents()).includes(labelled(student)));

    expectOnlySearched(studentLists);
    await browser.close();
  });

  test('a_pair_kept_apart_stays_in_the_published_week_until_the_coordinator_updates_it', async () => {
    const { browser, page, schoolId, api } = await onTheBoard(stack, DESKTOP);
    // Next week's Wednesday: published by the demo. A para and a student it
    // has together, as the API answers the board.
    const date = dayOfWeek(1, 2);
    const published = await api.get(`/schedules?school_id=${schoolId}&date=${date}`);
    assert.equal(published.status, 'published');
    const together = published.assignments.find((slot) => slot.kind === 'support' && slot.students.some((student) => student.id));
    assert.ok(together, `the published week has a para supporting a student on ${date}`);
    const paraId = together.para_id;
    const student = together.students.find((item) => item.id);
    const paraName = published.paras.find((item) => item.id === paraId).name;
    const withThem = (schedule) => schedule.assignments.filter((slot) => slot.para_id === paraId && slot.students.some((item) => item.id === student.id));
    const blocks = withThem(published);

    try {
      await showBoard(page, schoolId, date);
      const section = keepApartSection(page);
      await section.getByText(OPEN_FORM).click();
      await section.getByLabel('Para', { exact: true }).selectOption(String(paraId));
      await pickStudent(section, student);
      await section.getByLabel('Reason', { exact: true }).fill('A documented conflict');
      const added = await send(section);
      assert.equal(added.status(), 201);
      await section.getByText(`${paraName} is now kept apart from ${student.name}.`).waitFor();

      // As the board says: the published week keeps them together until it is updated.
      assert.equal(withThem(await api.get(`/schedules?school_id=${schoolId}&date=${date}`)).length, blocks.length);

      const [response] = await Promise.all([page.waitForResponse(scheduleMade), page.getByRole('button', { name: 'Update the published week' }).click()]);
      assert.equal(response.status(), 201);
      const update = await response.json();
      assert.equal(update.updated_from_id, published.id);
      assert.deepEqual(withThem(update), [], "the update has the para support the student nowhere that day");
      // Each block they had together is a change of the para's day: the
      // student is in what the para did before, not after.
      for (const block of blocks) {
        const change = update.changes.find((item) => item.para_id === paraId && item.block === block.block);
        assert.ok(change, `the update changes ${paraName}'s ${block.start}–${block.end}`);
        assert.ok(change.before.includes(student.name) && !change.after.includes(student.name), `${student.name} leaves ${paraName}'s ${block.start}–${block.end}`);
      }

      // The board shows the update in place of the week: the changes as the
      // API gives them, and the para's row without the student.
      const updateSection = page.locator('section.update');
      await updateSection.waitFor({ timeout: 30000 });
      const rows = await updateSection.locator('table tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((cell) => cell.textContent.trim())));
      for (const change of update.changes.filter((item) => item.para_id === paraId)) {
        assert.ok(
          rows.some(([block, para, before, after]) => block === `${change.start}–${change.end}` && para === paraName && before === (change.before || '—') && after === (change.after || '—')),
          `the board lists the change of ${paraName}'s ${change.start}–${change.end}`,
        );
      }
      const grid = page.getByRole('table', { name: `Paras by block on ${date}` });
      const row = grid.locator('tbody tr', { has: page.locator('th[scope="row"]', { hasText: paraName }) });
      const cells = await row.locator('td').evaluateAll((tds) => tds.map((td) => [...td.childNodes].filter((node) => !node.classList?.contains('meta')).map((node) => node.textContent).join('')));
      for (const cell of cells) assert.ok(!cell.split(', ').includes(student.name), `${paraName}'s row on the board has no ${student.name} ("${cell}")`);
      // Where no other para took the student, the board says why, as the API does.
      const needs = await page.locator('ul.uncovered > li').allTextContents();
      for (const need of update.uncovered.filter((item) => item.student_id === student.id && blocks.some((block) => block.block === item.block))) {
        assert.ok(needs.some((line) => line.startsWith(`${student.name} at ${need.start}–${need.end}`)), `the board lists ${student.name} at ${need.start}–${need.end} as not covered`);
      }
      await expectAccessible(page, 'the update made after a pair was kept apart');
      await page.setViewportSize(PHONE);
      await expectAccessible(page, 'the update made after a pair was kept apart, on a phone');
      await expectReflow(page, 'the board with its keep-apart list and an update');
    } finally {
      await takeAllOff(api, schoolId);
    }
    await browser.close();
  });
});

// The coordinator signed in on the schedule board, with the API as their
// page calls it, the keep-apart pairs the page sends (`posts`) and every
// list of students it asks for (`studentLists`, their addresses).
async function onTheBoard(stack, viewport) {
  const { browser, page, schoolId } = await coordinatorSignedIn(stack, viewport);
  const posts = [];
  const studentLists = [];
  page.on('request', (request) => {
    if (isKeepApartPost(request)) posts.push(request);
    if (isStudentList(request)) studentLists.push(request.url());
  });
  return { browser, page, schoolId, api: await pageApi(page), posts, studentLists };
}

// The page asked for students only by what was typed, a few at a time:
// each student listed is an audited read, and the whole school is never read.
function expectOnlySearched(studentLists) {
  assert.ok(studentLists.length > 0, 'the page searched for students');
  for (const address of studentLists) {
    const query = new URL(address).searchParams;
    assert.ok((query.get('name') ?? '').trim() !== '', `the page lists students only by name (${address})`);
    assert.ok(Number(query.get('limit')) <= FOUND + 1, `the page asks for a few students at a time (${address})`);
  }
}

function isStudentList(request) {
  return new URL(request.url()).pathname === '/api/v1/students' && request.method() === 'GET';
}

// The name the page searched students by, or null for another request.
function searchedName(request) {
  return isStudentList(request) ? new URL(request.url()).searchParams.get('name') : null;
}

// Types `text` in the student search (with `keys`, a key at a time) and
// waits until the server's answer to it is listed (the list is busy until
// then). Answers the students the server found for the page.
async function searchFor(box, text, { keys = false } = {}) {
  const page = box.page();
  const [answer] = await Promise.all([
    page.waitForResponse((response) => searchedName(response.request()) === text),
    keys ? box.pressSequentially(text) : box.fill(text),
  ]);
  await page.locator(`#${await box.getAttribute('aria-controls')}:not([aria-busy="true"])`).waitFor({ state: 'attached' });
  return items(await answer.json());
}

// The paras and students of the school, as the API lists them.
async function theSchool(api, schoolId) {
  const paras = (await api.get(`/staff?school_id=${schoolId}&role=paraeducator&limit=500`)).items;
  const students = (await api.get(`/students?school_id=${schoolId}&limit=500`)).items;
  assert.ok(paras.length > 0 && students.length > 0, 'the demo school has paras and students');
  return { paras, students };
}

// The board's keep-apart section.
function keepApartSection(page) {
  return page.locator('section', { has: page.getByRole('heading', { name: TITLE, level: 2, exact: true }) });
}

// Finds the student by name in the form's search and picks them with the
// pointer; the box then shows who was picked.
async function pickStudent(section, student) {
  const name = student.name ?? `${student.first_name} ${student.last_name}`;
  const box = section.getByRole('combobox', { name: 'Student', exact: true });
  await searchFor(box, name);
  await section.getByRole('listbox').getByRole('option').filter({ hasText: new RegExp(`· id ${student.id}$`) }).click();
  assert.match(await box.inputValue(), new RegExp(`^${name}`));
  assert.equal(await box.getAttribute('aria-expanded'), 'false', 'the list closes once the student is picked');
}

// Sends the form, and answers with the server's response to it.
async function send(section) {
  const [response] = await Promise.all([section.page().waitForResponse(isKeepApartPost), section.getByRole('button', { name: 'Keep apart', exact: true }).click()]);
  return response;
}

// Sends the form with `change` made to what the page sends (its own checks
// stepped around): the server refuses the field changed (422), and the form
// shows the refusal at `control`, in the server's words after `name`.
async function expectRefusedAt(section, control, change, name) {
  const page = section.page();
  const [field] = Object.keys(change);
  await page.route('**/api/v1/keep-apart', (route) => route.continue({ postData: JSON.stringify({ ...route.request().postDataJSON(), ...change }) }));
  try {
    const refused = await send(section);
    assert.equal(refused.status(), 422);
    const problem = (await refused.json()).error.fields.find((item) => item.field === field);
    assert.ok(problem, `the server names ${field}`);
    await expectFieldError(page, control, `${name} ${problem.reason}`.replace(/\.?$/, '.'));
  } finally {
    await page.unroute('**/api/v1/keep-apart');
  }
}

// The control is marked invalid and described by its error, shown beside it.
async function expectFieldError(page, control, message) {
  await page.waitForFunction(
    ([id, wanted]) => {
      const element = document.getElementById(id);
      const described = (element?.getAttribute('aria-describedby') ?? '').split(/\s+/).map((ref) => document.getElementById(ref)?.textContent ?? '');
      return element?.getAttribute('aria-invalid') === 'true' && described.includes(wanted);
    },
    [await control.getAttribute('id'), message],
  );
}

// Every heading of the page one level at most below the one before it.
async function expectHeadingsInOrder(page) {
  const levels = await page.locator('h1, h2, h3, h4, h5, h6').evaluateAll((headings) =>
    headings.filter((heading) => heading.getClientRects().length > 0).map((heading) => Number(heading.tagName[1])),
  );
  assert.equal(levels[0], 1);
  levels.forEach((level, index) => index > 0 && assert.ok(level <= levels[index - 1] + 1, `headings in order: ${levels.join(', ')}`));
}

const normal = (text) => text.replace(/\s+/g, ' ').trim();

// The school's keep-apart list as the demo has it: empty.
async function takeAllOff(api, schoolId) {
  const listed = await api.get(`/keep-apart?school_id=${schoolId}`);
  for (const item of listed.items) await api.delete(`/keep-apart/${item.id}`);
}

function isKeepApartPost(response) {
  const request = response.request?.() ?? response;
  return new URL(request.url()).pathname === '/api/v1/keep-apart' && request.method() === 'POST';
}

