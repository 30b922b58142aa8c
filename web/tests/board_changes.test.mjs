// Browser test of the coordinator's changes by hand on the schedule board: a
// para's lunch moved in a draft (two changes made together), a change the
// server refuses shown with the change it is about, a draft published behind
// the board's back, and a published week that offers no changes; the same
// on a draft re-plan of an absent para's day, in its own section, and on a
// published day copied to be changed and published again. Every
// para, block and student comes from what the API answers. Real server,
// real Chromium.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DESKTOP, PHONE, expectAccessible, expectReflow, liveRegionsSaying, newPage, signIn, skipReason, startStack } from './harness.mjs';
import { apiAs, boardAnswer, coordinatorSignedIn, dayOfWeek, markAbsentOnBoard, scheduleMade, showBoard } from './data.mjs';

const skip = await skipReason();
if (skip) console.log(`# SKIP browser tests: ${skip}`);

const MADE = 'Changes made: the draft shows them. Publish it when it is ready.';

// "Monday 08:00", as the board says a block of the day.
function when(date, block) {
  const weekday = new Date(date + 'T12:00:00Z').toLocaleDateString('en-US', { weekday: 'long', timeZone: 'UTC' });
  return `${weekday} ${block.start}`;
}

// Where a para is in a block by the view: its assignment, or none when free.
const assignmentOf = (view, paraId, blockId) => view.assignments.find((assignment) => assignment.para_id === paraId && assignment.block === blockId);

// A change that puts a para's block back as the view has it.
function asItWas(view, paraId, blockId) {
  const assignment = assignmentOf(view, paraId, blockId);
  if (!assignment) return { staff_id: paraId, block: blockId, activity: 'free' };
  if (assignment.kind !== 'support') return { staff_id: paraId, block: blockId, activity: assignment.kind };
  return { staff_id: paraId, block: blockId, activity: 'support', room_id: assignment.room.id, student_ids: assignment.students.map((student) => student.id) };
}

// A para's lunch the server lets move, with the old block left free. The
// view does not say a para's lunch window, so the server is asked: each
// move is tried (a refusal changes nothing) and the first it makes is put
// back, for the board to make again. Blocks the para is free in come first;
// the para `except` (an id) is left alone.
async function aLunchMove(api, view, except) {
  for (const para of view.paras.filter((candidate) => candidate.id !== except)) {
    const lunch = view.assignments.find((assignment) => assignment.para_id === para.id && assignment.kind === 'lunch');
    if (!lunch) continue;
    const others = view.blocks.filter((block) => block.id !== lunch.block).sort((a, b) => Number(!!assignmentOf(view, para.id, a.id)) - Number(!!assignmentOf(view, para.id, b.id)));
    for (const block of others) {
      const to = asItWas(view, para.id, block.id);
      if (to.activity !== 'free' && to.activity !== 'support') continue;
      try {
        await api.post(`/schedules/${view.id}/changes`, {
          changes: [
            { staff_id: para.id, block: lunch.block, activity: 'free' },
            { staff_id: para.id, block: block.id, activity: 'lunch' },
          ],
        });
      } catch {
        continue;
      }
      await api.post(`/schedules/${view.id}/changes`, { changes: [to, { staff_id: para.id, block: lunch.block, activity: 'lunch' }] });
      return { para, from: view.blocks.find((candidate) => candidate.id === lunch.block), to: block };
    }
  }
  throw new Error('the server takes no move of any para\'s lunch in the draft');
}

// A para called away from their students for a block (another duty), made
// on the draft: the first of their blocks with students the server takes.
async function anOtherDuty(api, view, paraId) {
  for (const assignment of view.assignments.filter((candidate) => candidate.para_id === paraId && candidate.kind === 'support')) {
    try {
      const answer = await api.post(`/schedules/${view.id}/changes`, { changes: [{ staff_id: paraId, block: assignment.block, activity: 'other_duty' }] });
      return { assignment, answer };
    } catch {
      continue;
    }
  }
  throw new Error(`the server takes no other duty for para ${paraId} in the draft`);
}

// A para and a student who needs an adult in a block, where the para lacks
// a skill the student's group needs (by the staff records and the day's
// needs): the server refuses to give them the student.
async function aStudentBeyondTheirSkills(api, view, needs) {
  for (const para of view.paras) {
    const skills = (await api.get(`/staff/${para.id}`)).skills ?? [];
    for (const block of needs.blocks) {
      // The lunch block is the other change the test lists.
      if (assignmentOf(view, para.id, block.block)?.kind === 'lunch') continue;
      const group = block.groups.find((candidate) => candidate.skills.some((skill) => !skills.includes(skill)) && candidate.students.some((student) => student.id));
      if (group) return { para, block: view.blocks.find((candidate) => candidate.id === block.block), group, student: group.students.find((student) => student.id) };
    }
  }
  throw new Error('every para at work has every skill the day\'s students need');
}

// The server's reasons as the board says them: one about a change with that
// change (`said`, by its index), one about the changes together as it is.
function refusalSaid(fields, said) {
  return fields.map((problem) => {
    const index = /^changes\[(\d+)\]/.exec(problem.field)?.[1];
    const reason = problem.reason.charAt(0).toUpperCase() + problem.reason.slice(1);
    return `${index === undefined ? '' : `${said[Number(index)]}: `}${/[.!?]$/.test(reason) ? reason : `${reason}.`}`;
  });
}

// The grid's cell of a para's block, by its Change button.
const cellOf = (page, para, block) => page.locator('td', { has: page.getByRole('button', { name: `Change ${para} at ${block.start}`, exact: true }) });

// Lists a change on the board: the Change button of a para's block (inside
// `where`, the page or a section), the para's activity then, Add this change.
async function listChange(page, where, date, para, block, activity) {
  await where.getByRole('button', { name: `Change ${para.name} at ${block.start}`, exact: true }).click();
  const form = page.getByRole('dialog', { name: `Change ${para.name} at ${when(date, block)}` });
  await form.getByRole('radio', { name: activity }).check();
  await form.getByRole('button', { name: 'Add this change' }).click();
  await form.waitFor({ state: 'detached' });
}

// A section's table of changes from the week, row by row, and the rows an
// answer's changes make.
const changeRows = (section) =>
  section.getByRole('region', { name: 'Changes in the re-plan' }).locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent.trim())));
const rowsOf = (changes) => changes.map((change) => [`${change.start}–${change.end}`, change.para_name, change.before || '—', change.after || '—']);

const focusedText = (page) => page.evaluate(() => document.activeElement?.textContent?.trim() ?? '');

describe('the schedule board changes a draft by hand', { skip: skip ?? false }, () => {
  let stack;
  before(async () => {
    stack = await startStack();
  });
  after(async () => {
    await stack?.stop();
  });

  test('a_paras_lunch_moves_by_two_changes_made_together', async () => {
    const { browser, page, schoolId } = await coordinatorSignedIn(stack, DESKTOP);
    const api = await apiAs(stack, 'administrator');
    try {
      const date = dayOfWeek(1, 0);
      await showBoard(page, schoolId, date);
      const [run] = await Promise.all([page.waitForResponse(scheduleMade), page.getByRole('button', { name: 'Run the optimizer again' }).click()]);
      assert.equal(run.status(), 201);
      const draft = await run.json();
      await page.getByRole('heading', { name: 'Changes by hand' }).waitFor({ timeout: 30000 });
      const view = await api.get(`/schedules/${draft.id}?date=${date}`);
      const { para, from, to } = await aLunchMove(api, view);

      // Escape closes the form, and focus is back on the button pressed.
      const fromButton = page.getByRole('button', { name: `Change ${para.name} at ${from.start}`, exact: true });
      await fromButton.click();
      const fromForm = page.getByRole('dialog', { name: `Change ${para.name} at ${when(date, from)}` });
      await fromForm.waitFor();
      assert.equal(await fromForm.getByRole('radio', { name: 'Lunch' }).isChecked(), true, 'the form starts from the block as it is');
      await page.keyboard.press('Escape');
      await fromForm.waitFor({ state: 'detached' });
      assert.equal(await focusedText(page), `Change ${para.name} at ${from.start}`);

      // The old lunch block free, the new one lunch: listed, then made together.
      await fromButton.click();
      await fromForm.getByRole('radio', { name: 'Free' }).check();
      await fromForm.getByRole('button', { name: 'Add this change' }).click();
      await fromForm.waitFor({ state: 'detached' });
      assert.equal(await focusedText(page), `Change ${para.name} at ${from.start}`);
      await page.getByRole('button', { name: `Change ${para.name} at ${to.start}`, exact: true }).click();
      const toForm = page.getByRole('dialog', { name: `Change ${para.name} at ${when(date, to)}` });
      await toForm.getByRole('radio', { name: 'Lunch' }).check();
      await expectAccessible(page, 'the form changing a para\'s block');
      await toForm.getByRole('button', { name: 'Add this change' }).click();
      await toForm.waitFor({ state: 'detached' });
      assert.deepEqual(await page.locator('.hand-change-list li > span').allInnerTexts(), [
        `Change 1: ${para.name}, ${when(date, from)}: free`,
        `Change 2: ${para.name}, ${when(date, to)}: lunch`,
      ]);
      await expectAccessible(page, 'the board with two changes listed');

      const [made] = await Promise.all([
        page.waitForResponse((response) => new URL(response.url()).pathname === `/api/v1/schedules/${draft.id}/changes`),
        page.getByRole('button', { name: 'Make the 2 changes' }).click(),
      ]);
      assert.equal(made.status(), 200);
      await page.locator('#announcer').getByText(MADE).waitFor({ state: 'attached' });
      assert.equal(await liveRegionsSaying(page, MADE), 1, 'announced once');
      await page.getByText('No changes listed yet.').waitFor();
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'hand-changes-title');
      await cellOf(page, para.name, to).filter({ hasText: /^Lunch/ }).waitFor();
      assert.match(await cellOf(page, para.name, from).innerText(), /^Free/);

      // The API's view agrees: lunch in the new block, the old one free, the draft the same schedule.
      const changed = await api.get(`/schedules/${draft.id}?date=${date}`);
      assert.equal(changed.status, 'draft');
      assert.equal(assignmentOf(changed, para.id, to.id)?.kind, 'lunch');
      assert.equal(assignmentOf(changed, para.id, from.id), undefined);
      assert.equal((await boardAnswer(page, schoolId, date)).id, draft.id);

      // On a phone: the form fits and the board reflows.
      await page.setViewportSize(PHONE);
      await page.getByRole('button', { name: `Change ${para.name} at ${from.start}`, exact: true }).click();
      await fromForm.getByRole('radio', { name: 'Free' }).waitFor();
      assert.equal(await fromForm.getByRole('radio', { name: 'Free' }).isChecked(), true, 'the form reads the changed draft');
      await expectReflow(page, 'the form changing a para\'s block on a phone');
      await expectAccessible(page, 'the form on a phone');
      await fromForm.getByRole('button', { name: 'Cancel' }).click();
      await fromForm.waitFor({ state: 'detached' });
      await expectReflow(page, 'the board after changes by hand');
      await expectAccessible(page, 'the board after changes by hand');
    } finally {
      await api.close();
      await browser.close();
    }
  });

  test('a_change_the_server_refuses_is_shown_with_its_reason_and_the_draft_is_unchanged', async () => {
    const { browser, page, schoolId } = await coordinatorSignedIn(stack, PHONE);
    const api = await apiAs(stack, 'administrator');
    try {
      const date = dayOfWeek(1, 1);
      const draft = await api.post('/schedules', { school_id: schoolId, date });
      const view = await api.get(`/schedules/${draft.id}?date=${date}`);
      const needs = await api.get(`/schools/${schoolId}/needs?date=${date}`);
      const { para, block, group, student } = await aStudentBeyondTheirSkills(api, view, needs);
      const lunch = view.assignments.find((assignment) => assignment.para_id === para.id && assignment.kind === 'lunch');
      const lunchBlock = view.blocks.find((candidate) => candidate.id === lunch.block);
      await showBoard(page, schoolId, date);

      // Change 1 keeps the para's lunch as it is; change 2 gives them the student.
      await page.getByRole('button', { name: `Change ${para.name} at ${lunchBlock.start}`, exact: true }).click();
      const lunchForm = page.getByRole('dialog', { name: `Change ${para.name} at ${when(date, lunchBlock)}` });
      await lunchForm.getByRole('button', { name: 'Add this change' }).click();
      await lunchForm.waitFor({ state: 'detached' });
      await page.getByRole('button', { name: `Change ${para.name} at ${block.start}`, exact: true }).click();
      const form = page.getByRole('dialog', { name: `Change ${para.name} at ${when(date, block)}` });
      await form.getByRole('radio', { name: 'With students' }).check();
      await form.getByLabel('Room', { exact: true }).selectOption(String(group.room.id));
      // Each student says who has them now, by the draft.
      const now = view.paras.find((candidate) => assignmentOf(view, candidate.id, block.id)?.students?.some((placed) => placed.id === student.id));
      const box = form.getByRole('checkbox', { name: `${student.name} — ${now ? `now with ${now.name}` : 'no adult now'}`, exact: true });
      if (!(await box.isChecked())) await box.check();
      for (const other of await form.getByRole('checkbox', { checked: true }).all()) {
        if ((await other.getAttribute('id')) !== `change-student-${student.id}`) await other.uncheck();
      }
      await form.getByRole('button', { name: 'Add this change' }).click();
      await form.waitFor({ state: 'detached' });

      const [answer] = await Promise.all([
        page.waitForResponse((response) => new URL(response.url()).pathname === `/api/v1/schedules/${draft.id}/changes`),
        page.getByRole('button', { name: 'Make the 2 changes' }).click(),
      ]);
      assert.equal(answer.status(), 422);
      const { fields } = (await answer.json()).error;
      assert.ok(fields.some((problem) => problem.field === 'changes[1].student_ids'), 'the server names the student given');
      const said = [
        `Change 1 (${para.name}, ${when(date, lunchBlock)})`,
        `Change 2 (${para.name}, ${when(date, block)})`,
      ];
      const expected = refusalSaid(fields, said);
      const summary = page.getByRole('alert').filter({ hasText: 'The changes were not made.' });
      await summary.waitFor();
      assert.deepEqual(await summary.getByRole('listitem').allInnerTexts(), expected);
      assert.equal(await summary.evaluate((element) => element === document.activeElement), true, 'focus is on the summary');
      // The reason about change 2 takes focus to it in the list, which is kept.
      await summary.getByRole('link', { name: expected.find((text) => text.startsWith(said[1])) }).click();
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'hand-change-1');
      assert.equal(await page.locator('.hand-change-list li').count(), 2, 'nothing is lost from the list');
      await expectAccessible(page, 'changes refused');

      const unchanged = await api.get(`/schedules/${draft.id}?date=${date}`);
      assert.deepEqual(unchanged.assignments, view.assignments, 'the draft is as it was');
    } finally {
      await api.close();
      await browser.close();
    }
  });

  test('a_draft_published_behind_the_boards_back_is_said_and_the_board_reloads', async () => {
    const { browser, page, schoolId } = await coordinatorSignedIn(stack, DESKTOP);
    const api = await apiAs(stack, 'administrator');
    try {
      const date = dayOfWeek(1, 3);
      const draft = await api.post('/schedules', { school_id: schoolId, date });
      await showBoard(page, schoolId, date);
      const para = draft.paras[0];
      const lunch = draft.assignments.find((assignment) => assignment.para_id === para.id && assignment.kind === 'lunch');
      const block = draft.blocks.find((candidate) => candidate.id === lunch.block);
      await page.getByRole('button', { name: `Change ${para.name} at ${block.start}`, exact: true }).click();
      const form = page.getByRole('dialog', { name: `Change ${para.name} at ${when(date, block)}` });
      await form.getByRole('button', { name: 'Add this change' }).click();
      await form.waitFor({ state: 'detached' });
      await api.post(`/schedules/${draft.id}/publish`);

      const [answer] = await Promise.all([
        page.waitForResponse((response) => new URL(response.url()).pathname === `/api/v1/schedules/${draft.id}/changes`),
        page.getByRole('button', { name: 'Make the change' }).click(),
      ]);
      assert.equal(answer.status(), 409);
      const notice = page.getByRole('alert').filter({ hasText: 'The changes were not made.' });
      await notice.getByText(/is published/).waitFor();
      assert.doesNotMatch(await notice.innerText(), /schedule \d+/, 'the board shows no ids');
      await notice.getByRole('button', { name: 'Reload the board' }).click();
      await page.locator('.tag', { hasText: 'Published' }).waitFor({ timeout: 30000 });
      assert.equal(await page.getByRole('button', { name: /^Change / }).count(), 0);
    } finally {
      await api.close();
      await browser.close();
    }
  });

  test('a_draft_replan_is_changed_by_hand_in_its_own_section', async () => {
    const { browser, page, schoolId } = await coordinatorSignedIn(stack, DESKTOP);
    const api = await apiAs(stack, 'administrator');
    try {
      const date = dayOfWeek(0, 3);
      await showBoard(page, schoolId, date);
      const replan = await markAbsentOnBoard(page);
      const section = page.locator('section.replan');
      await section.getByRole('heading', { name: 'Changes by hand', level: 3 }).waitFor({ timeout: 30000 });
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'replan-title', 'a new re-plan takes focus');
      const view = await api.get(`/schedules/${replan.id}?date=${date}`);
      const { para, from, to } = await aLunchMove(api, view);
      // Every Change button is the re-plan's: the published week has none, and the absent para's day none.
      const absent = view.paras.find((candidate) => candidate.id === replan.absent_staff_id);
      assert.equal(await page.getByRole('button', { name: /^Change / }).count(), await section.getByRole('button', { name: /^Change / }).count());
      assert.equal(await section.getByRole('button', { name: new RegExp(`^Change ${absent.name} at `) }).count(), 0);

      // The lunch moves by two changes, listed and made together on the re-plan.
      await listChange(page, section, date, para, from, 'Free');
      assert.equal(await focusedText(page), `Change ${para.name} at ${from.start}`);
      await listChange(page, section, date, para, to, 'Lunch');
      assert.deepEqual(await section.locator('.hand-change-list li > span').allInnerTexts(), [
        `Change 1: ${para.name}, ${when(date, from)}: free`,
        `Change 2: ${para.name}, ${when(date, to)}: lunch`,
      ]);
      await expectAccessible(page, 'a re-plan with two changes listed');

      const [made] = await Promise.all([
        page.waitForResponse((answer) => new URL(answer.url()).pathname === `/api/v1/schedules/${replan.id}/changes`),
        section.getByRole('button', { name: 'Make the 2 changes' }).click(),
      ]);
      assert.equal(made.status(), 200);
      const answer = await made.json();
      await page.locator('#announcer').getByText(MADE).waitFor({ state: 'attached' });
      assert.equal(await liveRegionsSaying(page, MADE), 1, 'announced once');
      await section.getByText('No changes listed yet.').waitFor();
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'hand-changes-title', 'focus stays in the re-plan');
      await cellOf(page, para.name, to).filter({ hasText: /^Lunch/ }).waitFor();
      assert.match(await cellOf(page, para.name, from).innerText(), /^Free/);

      // The section's changes from the week and needs left uncovered are the answer's.
      assert.deepEqual(await changeRows(section), rowsOf(answer.changes));
      assert.ok(answer.changes.some((change) => change.para_id === para.id && change.block === to.id), "the lunch moved is a change from the week's day");
      assert.equal(await section.locator('ul.uncovered > li').count(), answer.uncovered.length);

      // The API's view agrees: the same draft re-plan, lunch in the new block, the old one free.
      const changed = await api.get(`/schedules/${replan.id}?date=${date}`);
      assert.equal(changed.id, replan.id);
      assert.equal(changed.kind, 'replan');
      assert.equal(changed.status, 'draft');
      assert.equal(assignmentOf(changed, para.id, to.id)?.kind, 'lunch');
      assert.equal(assignmentOf(changed, para.id, from.id), undefined);
      assert.deepEqual(changed.changes, answer.changes);
      assert.equal((await boardAnswer(page, schoolId, date)).status, 'published', 'the board still shows the published day');
      await expectAccessible(page, 'a re-plan changed by hand');

      await page.setViewportSize(PHONE);
      await expectReflow(page, 'a re-plan changed by hand on a phone');
      await expectAccessible(page, 'a re-plan changed by hand on a phone');
    } finally {
      await api.close();
      await browser.close();
    }
  });

  test('a_replan_refuses_changes_as_a_draft_does_and_once_published_offers_none', async () => {
    const { browser, page, schoolId } = await coordinatorSignedIn(stack, PHONE);
    const api = await apiAs(stack, 'administrator');
    try {
      const date = dayOfWeek(0, 4);
      await showBoard(page, schoolId, date);
      const replan = await markAbsentOnBoard(page);
      const section = page.locator('section.replan');
      await section.getByRole('heading', { name: 'Changes by hand', level: 3 }).waitFor({ timeout: 30000 });
      // A para's lunch made free, alone: the server refuses (they would have none that day).
      const lunch = replan.assignments.find((assignment) => assignment.kind === 'lunch');
      const para = replan.paras.find((candidate) => candidate.id === lunch.para_id);
      const block = replan.blocks.find((candidate) => candidate.id === lunch.block);
      await section.getByRole('button', { name: `Change ${para.name} at ${block.start}`, exact: true }).click();
      const form = page.getByRole('dialog', { name: `Change ${para.name} at ${when(date, block)}` });
      await form.getByRole('radio', { name: 'Free' }).check();
      await form.getByRole('button', { name: 'Add this change' }).click();
      await form.waitFor({ state: 'detached' });

      const [refused] = await Promise.all([
        page.waitForResponse((answer) => new URL(answer.url()).pathname === `/api/v1/schedules/${replan.id}/changes`),
        section.getByRole('button', { name: 'Make the change' }).click(),
      ]);
      assert.equal(refused.status(), 422);
      const summary = section.getByRole('alert').filter({ hasText: 'The changes were not made.' });
      await summary.waitFor();
      assert.equal(await summary.evaluate((element) => element === document.activeElement), true, 'focus is on the summary');
      const { fields } = (await refused.json()).error;
      assert.deepEqual(await summary.getByRole('listitem').allInnerTexts(), refusalSaid(fields, [`Change 1 (${para.name}, ${when(date, block)})`]));
      assert.equal(await section.locator('.hand-change-list li').count(), 1, 'nothing is lost from the list');
      await expectAccessible(page, 'changes to a re-plan refused');
      assert.deepEqual((await api.get(`/schedules/${replan.id}?date=${date}`)).assignments, replan.assignments, 'the re-plan is as it was');

      // Published behind the board's back: said, and the board reloads with the re-plan in place, offering no change.
      await api.post(`/schedules/${replan.id}/publish`);
      const [conflict] = await Promise.all([
        page.waitForResponse((answer) => new URL(answer.url()).pathname === `/api/v1/schedules/${replan.id}/changes`),
        section.getByRole('button', { name: 'Make the change' }).click(),
      ]);
      assert.equal(conflict.status(), 409);
      const notice = section.getByRole('alert').filter({ hasText: 'The changes were not made.' }).filter({ has: page.getByRole('button', { name: 'Reload the board' }) });
      await notice.getByRole('button', { name: 'Reload the board' }).click();
      await section.waitFor({ state: 'detached' });
      await page.getByRole('heading', { name: `Away on ${date}` }).waitFor({ timeout: 30000 });
      assert.equal((await boardAnswer(page, schoolId, date)).id, replan.id, 'the board shows the published re-plan');
      assert.equal(await page.getByRole('button', { name: /^Change / }).count(), 0);
    } finally {
      await api.close();
      await browser.close();
    }
  });

  test('a_published_day_is_copied_changed_by_hand_and_published', async () => {
    const { browser, page, schoolId } = await coordinatorSignedIn(stack, DESKTOP);
    const api = await apiAs(stack, 'administrator');
    try {
      const date = dayOfWeek(0, 1);
      const published = await boardAnswer(page, schoolId, date);
      assert.equal(published.status, 'published');
      await showBoard(page, schoolId, date);
      const copyDay = () =>
        Promise.all([
          page.waitForResponse((answer) => /^\/api\/v1\/schedules\/\d+\/day$/.test(new URL(answer.url()).pathname)),
          page.getByRole('button', { name: 'Copy the day to change it' }).click(),
        ]);
      const [copied] = await copyDay();
      assert.equal(copied.status(), 201);
      const draft = await copied.json();
      assert.equal(draft.status, 'draft');
      assert.deepEqual(draft.changes, [], 'the day as published');
      const section = page.locator('section.replan');
      await section.getByRole('heading', { name: `Changes by hand to ${date}`, level: 2 }).waitFor({ timeout: 30000 });
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'replan-title', 'the copy takes focus');
      await section.getByText("No changes from the week's schedule yet").waitFor();
      // Every Change button is the copy's: the published day has none.
      assert.equal(await page.getByRole('button', { name: /^Change / }).count(), await section.getByRole('button', { name: /^Change / }).count());
      await expectAccessible(page, 'a published day copied to be changed');

      // A para's lunch moved by two changes made together on the copy (the
      // demo para's day is changed below).
      const view = await api.get(`/schedules/${draft.id}?date=${date}`);
      const demoPara = await apiAs(stack, 'paraeducator');
      const { para, from, to } = await aLunchMove(api, view, demoPara.staffId);
      await listChange(page, section, date, para, from, 'Free');
      await listChange(page, section, date, para, to, 'Lunch');
      const [made] = await Promise.all([
        page.waitForResponse((answer) => new URL(answer.url()).pathname === `/api/v1/schedules/${draft.id}/changes`),
        section.getByRole('button', { name: 'Make the 2 changes' }).click(),
      ]);
      assert.equal(made.status(), 200);
      const answer = await made.json();
      await cellOf(page, para.name, to).filter({ hasText: /^Lunch/ }).waitFor();
      assert.deepEqual(await changeRows(section), rowsOf(answer.changes));
      assert.equal(answer.changes.length, 2, "the lunch's two blocks, against the week's day");
      await section.locator('.told-on-publish').getByText(`Once published, ${para.name} sees the change on My day, and the board shows when they have read it.`).waitFor();
      assert.equal((await boardAnswer(page, schoolId, date)).id, published.id, 'the paras work to the published day until the copy is published');
      await expectAccessible(page, 'a published day changed by hand');
      await page.setViewportSize(PHONE);
      await expectReflow(page, 'a published day changed by hand on a phone');
      await page.setViewportSize(DESKTOP);

      // The demo para called to the office for a block with students.
      const { assignment: called, answer: withDuty } = await anOtherDuty(api, view, demoPara.staffId);
      // The copy's changes now name both paras, each to be told once it is published.
      assert.deepEqual([...new Set(withDuty.changes.map((change) => change.para_name))].sort(), [para.name, demoPara.name].sort());

      // Published, the changed day is the board's day, with nobody recorded away.
      const [publishing] = await Promise.all([
        page.waitForResponse((response) => new URL(response.url()).pathname === `/api/v1/schedules/${draft.id}/publish`),
        section.getByRole('button', { name: 'Publish the changed day' }).click(),
      ]);
      assert.equal(publishing.status(), 200);
      await section.waitFor({ state: 'detached' });
      await page.locator('#announcer').getByText('Changed day published.', { exact: false }).waitFor({ state: 'attached' });
      const board = await boardAnswer(page, schoolId, date);
      assert.equal(board.id, draft.id);
      assert.equal(board.status, 'published');
      assert.equal(assignmentOf(board, para.id, to.id)?.kind, 'lunch');
      assert.equal(assignmentOf(board, para.id, from.id), undefined);
      assert.equal(assignmentOf(board, demoPara.staffId, called.block)?.kind, 'other_duty');
      assert.deepEqual(board.absent_staff_ids, published.absent_staff_ids, 'nobody is recorded away');

      // The para's My day says which blocks differ from their usual week.
      const paraBrowser = await newPage(stack, PHONE);
      try {
        await signIn(paraBrowser.page, stack, 'paraeducator');
        await paraBrowser.page.goto(`/day?date=${date}`);
        const notice = paraBrowser.page.locator('section.day-changes');
        await notice.getByRole('heading', { name: 'Your day is changed' }).waitFor({ timeout: 30000 });
        assert.deepEqual(await notice.getByRole('listitem').allInnerTexts(), [`${called.start}–${called.end}: another duty (usually with students in ${called.room.name})`]);
        // The block's own card says what it usually is.
        const card = paraBrowser.page.locator('section.block', { has: paraBrowser.page.getByRole('heading', { name: `${called.start}–${called.end} Other duty` }) });
        assert.equal((await card.locator('.changed').innerText()).replace(/\s+/g, ' '), `Changed Usually with students in ${called.room.name}.`);
        await expectAccessible(paraBrowser.page, "the para's changed day");
        await expectReflow(paraBrowser.page, "the para's changed day on a phone");
        // The para says they read it: said in place of the button, focus there.
        const [seen] = await Promise.all([
          paraBrowser.page.waitForResponse((answer) => new URL(answer.url()).pathname === '/api/v1/me/day/seen'),
          notice.getByRole('button', { name: 'I have read the changes' }).click(),
        ]);
        assert.equal(seen.status(), 200);
        const { seen_at: seenAt } = await seen.json();
        const readAt = await paraBrowser.page.evaluate((at) => new Date(at * 1000).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }), seenAt);
        const confirmed = notice.getByText(`You told your coordinator you read the changes at ${readAt}.`);
        await confirmed.waitFor();
        assert.equal(await confirmed.evaluate((element) => element === document.activeElement), true, 'focus moves to what was said');
        await paraBrowser.page.locator('#announcer').getByText('Your coordinator can see you read the changes.').waitFor({ state: 'attached' });
        await expectAccessible(paraBrowser.page, "the para's changed day, read");
      } finally {
        await paraBrowser.close();
        await demoPara.close();
      }

      // The board says who has read the change to their day: the demo para
      // has, the para whose lunch moved has not.
      await showBoard(page, schoolId, date);
      const told = page.locator('section.paras-told');
      await told.getByRole('heading', { name: 'Paras told of the changes' }).waitFor();
      const answerTold = (await boardAnswer(page, schoolId, date)).paras_told;
      assert.deepEqual(answerTold.map((entry) => entry.staff_id).sort(), [para.id, demoPara.staffId].sort());
      const lines = await Promise.all(
        answerTold.map(async (entry) =>
          entry.seen_at === null ? `${entry.name}: not read yet` : `${entry.name}: read at ${await page.evaluate((at) => new Date(at * 1000).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }), entry.seen_at)}`,
        ),
      );
      assert.deepEqual(await told.getByRole('listitem').allInnerTexts(), lines);
      assert.equal(answerTold.find((entry) => entry.staff_id === para.id).seen_at, null);
      await told.getByText('1 para has not read the change to their day yet: tell them in person.').waitFor();
      await expectAccessible(page, 'the board saying who read the change');

      // The next copy starts from the day as changed; discarded, it is gone.
      const [again] = await copyDay();
      assert.equal(again.status(), 201);
      const second = await again.json();
      assert.equal(assignmentOf(second, para.id, to.id)?.kind, 'lunch');
      await section.getByRole('button', { name: 'Discard the changes' }).click();
      await section.waitFor({ state: 'detached' });
      await page.locator('#announcer').getByText('Changes discarded. The day stays as published.').waitFor({ state: 'attached' });
      await assert.rejects(api.get(`/schedules/${second.id}?date=${date}`), /answered 404/);
      assert.equal((await boardAnswer(page, schoolId, date)).id, draft.id);
    } finally {
      await api.close();
      await browser.close();
    }
  });

  test('a_published_week_offers_no_changes_by_hand', async () => {
    const { browser, page, schoolId } = await coordinatorSignedIn(stack, DESKTOP);
    try {
      const date = dayOfWeek(0, 2);
      assert.equal((await boardAnswer(page, schoolId, date)).status, 'published');
      await showBoard(page, schoolId, date);
      assert.equal(await page.getByRole('button', { name: /^Change / }).count(), 0);
      assert.equal(await page.getByRole('heading', { name: 'Changes by hand' }).count(), 0);
    } finally {
      await browser.close();
    }
  });
});
