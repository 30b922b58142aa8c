// Browser tests of the students marked absent on the schedule board: a
// student the published week gives a para is marked absent for the day, the
// board updates the published week at once, and the update has nobody with
// the student that day (the para is free for others); the student is listed
// with a way to take the absence back, which updates the week again with
// the student planned. Refusals are shown beside the field they name. The
// paras, students and assignments are read from the API the board reads;
// the demo publishes a schedule for this week and next. Real server, real
// Chromium.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DESKTOP, PHONE, expectAccessible, expectReflow, liveRegionsSaying, newPage, signIn, skipReason, startStack } from './harness.mjs';
import { apiAs, coordinatorSignedIn, dayOfWeek, pageApi, scheduleMade, showBoard } from './data.mjs';

const skip = await skipReason();
if (skip) console.log(`# SKIP browser tests: ${skip}`);

describe('the schedule board marks students absent', { skip: skip ?? false }, () => {
  let stack;
  before(async () => {
    stack = await startStack();
  });
  after(async () => {
    await stack?.stop();
  });

  test('a_student_marked_absent_leaves_their_para_free_in_an_update_of_the_week_and_comes_back_when_in_after_all', async () => {
    const { browser, page, schoolId } = await coordinatorSignedIn(stack, DESKTOP);
    const api = await pageApi(page);
    // Next week's Wednesday, published by the demo: a student the demo's
    // para supports that day, as the API answers the board.
    const date = dayOfWeek(1, 2);
    const published = await api.get(`/schedules?school_id=${schoolId}&date=${date}`);
    assert.equal(published.status, 'published');
    const demoPara = await apiAs(stack, 'paraeducator');
    await demoPara.close();
    const slot = published.assignments.find((item) => item.para_id === demoPara.staffId && item.kind === 'support' && item.students.some((student) => student.id));
    assert.ok(slot, `the published week has the demo para supporting a student on ${date}`);
    const student = slot.students.find((item) => item.id);
    const withStudent = (schedule) => schedule.assignments.filter((item) => item.students.some((each) => each.id === student.id));

    await showBoard(page, schoolId, date);
    const section = page.locator('section.students-absent');
    await section.getByRole('heading', { name: `Students absent on ${date}`, level: 2 }).waitFor();
    await section.getByText('No student is marked absent on this day.').waitFor({ timeout: 30000 });
    await section.getByText('Mark a student absent').click();
    const box = section.getByRole('combobox', { name: 'Student', exact: true });
    await box.waitFor();
    const submit = section.getByRole('button', { name: 'Mark absent and update the week' });

    // No student chosen: refused in the page, nothing sent; focus on the summary.
    await submit.click();
    const summary = section.getByRole('alert').filter({ hasText: 'The student was not marked absent.' });
    await summary.waitFor();
    await page.waitForFunction(() => document.activeElement?.getAttribute('role') === 'alert');
    assert.equal(await box.getAttribute('aria-invalid'), 'true');

    // A last day the server refuses is shown at its field, in the server's words.
    await pickStudent(section, student);
    const last = section.getByLabel('Last day absent', { exact: true });
    assert.equal(await last.inputValue(), date, 'the last day is the board’s day until changed');
    await page.route('**/api/v1/student-absences', (route) =>
      route.continue({ postData: JSON.stringify({ ...route.request().postDataJSON(), last_day: dayOfWeek(9, 2) }) }),
    );
    const [refused] = await Promise.all([page.waitForResponse(isAbsencePost), submit.click()]);
    await page.unroute('**/api/v1/student-absences');
    assert.equal(refused.status(), 422);
    const problem = (await refused.json()).error.fields.find((item) => item.field === 'last_day');
    assert.ok(problem, 'the server names last_day');
    await page.waitForFunction(
      ([id, wanted]) => {
        const element = document.getElementById(id);
        const described = (element?.getAttribute('aria-describedby') ?? '').split(/\s+/).map((ref) => document.getElementById(ref)?.textContent ?? '');
        return element?.getAttribute('aria-invalid') === 'true' && described.includes(wanted);
      },
      [await last.getAttribute('id'), `Last day absent ${problem.reason}`.replace(/\.?$/, '.')],
    );
    assert.deepEqual((await api.get(`/student-absences?school_id=${schoolId}&first_day=${date}`)).items, [], 'nothing was marked');

    // Marked absent for the day: the board updates the published week, and
    // the update has nobody with the student that day.
    const [marked, made] = await Promise.all([page.waitForResponse(isAbsencePost), page.waitForResponse(scheduleMade), submit.click()]);
    assert.equal(marked.status(), 201);
    assert.equal(made.status(), 201);
    const update = await made.json();
    assert.equal(update.updated_from_id, published.id);
    assert.deepEqual(withStudent(update), [], `nobody is with ${student.name} on ${date} in the update`);
    for (const before of withStudent(published)) {
      const change = update.changes.find((item) => item.para_id === before.para_id && item.block === before.block);
      assert.ok(change?.before.includes(student.name), `the update changes the ${before.start}–${before.end} ${student.name} had`);
    }
    await page.locator('section.update').waitFor();
    const said = `${student.name} is marked absent on ${date}.`;
    await page.locator('#announcer').getByText(said, { exact: false }).waitFor({ state: 'attached' });
    assert.equal(await liveRegionsSaying(page, said), 1, 'announced once');
    const inAfterAll = section.getByRole('button', { name: `In after all (${student.name})` });
    await inAfterAll.waitFor();
    await expectAccessible(page, 'the board with a student marked absent and the update');
    await page.setViewportSize(PHONE);
    await expectAccessible(page, 'the board with a student marked absent and the update, on a phone');
    await expectReflow(page, 'the board with a student marked absent');

    // The update discarded, the published day still has a para with the
    // student, and the list says so; the week is updated again from the top.
    await page.getByRole('button', { name: 'Discard the update' }).click();
    await page.locator('section.update').waitFor({ state: 'detached' });
    await section.getByText('(still with a para in the schedule shown: update the published week to free the para)').waitFor();
    await Promise.all([page.waitForResponse(scheduleMade), page.getByRole('button', { name: 'Update the published week' }).click()]);
    await page.locator('section.update').waitFor();
    assert.equal(await section.getByText('still with a para', { exact: false }).count(), 0, 'the update frees the para');

    // Published, the para's My day says the block changed because a
    // student of theirs is absent (counted, not named).
    await page.getByRole('button', { name: 'Publish the update' }).click();
    await page.locator('#announcer').getByText('Update published.', { exact: false }).waitFor({ state: 'attached' });
    const paraBrowser = await newPage(stack, PHONE);
    await signIn(paraBrowser.page, stack, 'paraeducator');
    await paraBrowser.page.goto(`/day?date=${date}`);
    const notice = paraBrowser.page.locator('section.day-changes');
    await notice.getByRole('heading', { name: 'Your day is changed' }).waitFor({ timeout: 30000 });
    const told = await notice.getByRole('listitem').allInnerTexts();
    assert.ok(
      told.some((line) => line.startsWith(`${slot.start}–${slot.end}: `) && line.endsWith('a student you usually support then is absent today')),
      `My day says ${slot.start}–${slot.end} changed for a student who is absent: ${told.join(' | ')}`,
    );
    await expectAccessible(paraBrowser.page, "the para's day with a student of theirs absent");
    await paraBrowser.context.close();

    // In after all: taken back, and the week updated again with the student planned.
    const [taken, again] = await Promise.all([
      page.waitForResponse((response) => response.request().method() === 'DELETE' && /\/api\/v1\/student-absences\/\d+$/.test(new URL(response.url()).pathname)),
      page.waitForResponse(scheduleMade),
      inAfterAll.click(),
    ]);
    assert.equal(taken.status(), 204);
    assert.equal(again.status(), 201);
    const back = await again.json();
    const planned = withStudent(back).length > 0 || back.uncovered.some((need) => need.student_id === student.id);
    assert.ok(planned, `${student.name} is planned again on ${date}: with a para, or not covered with a reason`);
    await section.getByText('No student is marked absent on this day.').waitFor();
    await page.getByRole('button', { name: 'Discard the update' }).click();
    await page.locator('section.update').waitFor({ state: 'detached' });
    await browser.close();
  });
});

// Finds the student by name in the form's search and picks them.
async function pickStudent(section, student) {
  const box = section.getByRole('combobox', { name: 'Student', exact: true });
  await Promise.all([
    section.page().waitForResponse((response) => new URL(response.url()).pathname === '/api/v1/students' && new URL(response.url()).searchParams.get('name') === student.name),
    box.fill(student.name),
  ]);
  await section.getByRole('listbox').getByRole('option').filter({ hasText: new RegExp(`· id ${student.id}$`) }).click();
  assert.match(await box.inputValue(), new RegExp(`^${student.name}`));
}

function isAbsencePost(response) {
  const request = response.request();
  return new URL(request.url()).pathname === '/api/v1/student-absences' && request.method() === 'POST';
}
