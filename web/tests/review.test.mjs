// Browser tests of Plans to review: the general educator's submitted lesson
// plan is reviewed by the special educator in the UI (a role for every adult
// in every part, data to collect on an IEP goal), marked reviewed and
// published; the server's refusals show at the control they are about; only
// licensed educators who own IEPs get the page. Real server, real Chromium.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DESKTOP, PHONE, expectAccessible, expectReflow, liveRegionsSaying, newPage, screenshots, signIn, skipReason, startStack } from './harness.mjs';
import { addDays, apiAs, items, nextSchoolDay, pageApi } from './data.mjs';

const skip = await skipReason();
if (skip) console.log(`# SKIP browser tests: ${skip}`);

// A section of the demo general educator with a student whose IEP the
// special educator can read and that has a goal: the review collects data on it.
async function sectionWithIepStudent(teacher, special) {
  for (const section of items(await teacher.get(`/sections?general_educator_id=${teacher.staffId}&limit=500`))) {
    for (const student of items(await special.get(`/students?section_id=${section.id}&limit=500`))) {
      const iep = items(await special.get(`/students/${student.id}/ieps`)).find((candidate) => candidate.status === 'active');
      const goal = iep?.goals?.[0];
      if (goal) return { section, student, goal };
    }
  }
  throw new Error("no section of the demo general educator has a student with IEP goals the special educator can see");
}

// The general educator posts a two-part lesson plan and submits it, as the
// My sections page does. A section has one plan a day, so each call takes
// the next school day no plan of this file has taken.
let lastDate = null;
async function submittedPlan(stack) {
  const teacher = await apiAs(stack, 'general_educator');
  const special = await apiAs(stack, 'special_educator');
  try {
    const found = await sectionWithIepStudent(teacher, special);
    let date = lastDate ? addDays(lastDate, 1) : await nextSchoolDay(stack, 'general_educator', 3);
    for (let attempt = 0; ; attempt += 1) {
      try {
        const plan = await teacher.post('/plans', {
          section_id: found.section.id,
          date,
          objective: `Compare fractions with like denominators (${date})`,
          parts: [
            { key: 'part-1', description: 'Whole group lesson', minutes: 20 },
            { key: 'part-2', description: 'Independent practice', minutes: 20 },
          ],
          materials: ['Fraction strips'],
        });
        const submitted = await teacher.post(`/plans/${plan.id}/submit`, { version: plan.version });
        lastDate = date;
        return { ...found, plan: submitted, teacherId: teacher.staffId, teacherName: teacher.name, specialId: special.staffId };
      } catch (error) {
        // Not a school day, or not a day the section meets: the next one.
        if (attempt > 20) throw error;
        date = addDays(date, 1);
      }
    }
  } finally {
    await teacher.close();
    await special.close();
  }
}

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const overlaps = (a, b) => a.start < b.end && b.start < a.end;

// A lesson of the demo general educator in which the school's published
// schedule (the demo publishes this week's and next week's) has a para
// supporting students: a support block in the section's room during its
// meeting on a school day of the next two weeks. Posted and submitted, as
// My sections does. Returns the plan, the para and where and when the
// schedule has them (from their first block there to the end of the last).
async function scheduledLesson(stack) {
  const teacher = await apiAs(stack, 'general_educator');
  const administrator = await apiAs(stack, 'administrator');
  try {
    const sections = items(await teacher.get(`/sections?general_educator_id=${teacher.staffId}&limit=500`)).filter((section) => section.room_id);
    const today = await nextSchoolDay(stack, 'general_educator', 0);
    for (let days = 0; days < 14; days += 1) {
      const date = addDays(today, days);
      const weekday = WEEKDAYS[new Date(date + 'T12:00:00Z').getUTCDay()];
      for (const schoolId of new Set(sections.map((section) => section.school_id))) {
        const schedule = await administrator.get(`/schedules?school_id=${schoolId}&date=${date}`).catch(() => null);
        if (schedule?.status !== 'published') continue;
        for (const section of sections.filter((item) => item.school_id === schoolId)) {
          const meetings = section.meetings.filter((meeting) => meeting.weekday === weekday);
          const there = schedule.assignments.filter((slot) => slot.kind === 'support' && slot.room?.id === section.room_id && meetings.some((meeting) => overlaps(meeting, slot)));
          if (there.length === 0) continue;
          const paraId = there[0].para_id;
          const slots = there.filter((slot) => slot.para_id === paraId);
          try {
            const plan = await teacher.post('/plans', {
              section_id: section.id,
              date,
              objective: `Paint with primary colours (${date})`,
              parts: [{ key: 'part-1', description: 'Whole group lesson', minutes: 30 }],
            });
            await teacher.post(`/plans/${plan.id}/submit`, { version: plan.version });
            return {
              plan,
              para: { id: paraId, name: schedule.paras.find((para) => para.id === paraId).name },
              room: slots[0].room.name,
              start: slots.map((slot) => slot.start).sort()[0],
              end: slots.map((slot) => slot.end).sort().at(-1),
            };
          } catch {
            // Another test's lesson of that section and day: the next one.
          }
        }
      }
    }
    throw new Error('no lesson of the demo general educator is in a room where the published schedule has a para in the next two weeks');
  } finally {
    await teacher.close();
    await administrator.close();
  }
}

async function paraAccount(stack) {
  const para = await apiAs(stack, 'paraeducator');
  await para.close();
  return { id: para.staffId, name: para.name };
}

// Opens the plan from the list of plans to review.
async function openPlan(page, plan) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Plans to review' }).click();
  await page.getByRole('heading', { name: 'Plans to review' }).waitFor();
  await page.locator(`a[href="/plans/${plan.id}"]`).click();
  await page.getByRole('heading', { name: 'Review a lesson plan' }).waitFor();
  await page.getByRole('heading', { name: 'Who does what' }).waitFor();
}

async function addAdult(page, person) {
  await page.locator('#add-adult').selectOption({ label: `${person.name} (paraeducator)` });
  await page.getByRole('button', { name: 'Add to the lesson' }).click();
  await page.locator(`#adult-${person.id}-presence`).waitFor();
}

// A submitted plan, opened by the special educator in a browser of the given size.
async function reviewAsSpecialEducator(stack, viewport) {
  const setup = await submittedPlan(stack);
  const para = await paraAccount(stack);
  const browser = await newPage(stack, viewport);
  await signIn(browser.page, stack, 'special_educator');
  await openPlan(browser.page, setup.plan);
  return { setup, para, browser, page: browser.page };
}

// The special educator returns the plan to its teacher with `reason`, after
// saving into it the review `reviewed` gives (the API's fields, from the plan
// as read and the special educator) when there is one. Answers the special
// educator's name.
async function returnPlan(stack, plan, reason, reviewed) {
  const special = await apiAs(stack, 'special_educator');
  try {
    let current = plan;
    if (reviewed) {
      const read = await special.get(`/plans/${plan.id}`);
      current = await special.put(`/plans/${plan.id}`, { ...read, ...reviewed(read, special), version: read.version });
    }
    await special.post(`/plans/${plan.id}/return`, { version: current.version, reason });
    return special.name;
  } finally {
    await special.close();
  }
}

// The plan opened at its address by the special educator, on a phone.
async function openedByReviewer(stack, plan) {
  const browser = await newPage(stack, PHONE);
  await signIn(browser.page, stack, 'special_educator');
  await browser.page.goto(`/plans/${plan.id}`);
  await browser.page.getByRole('heading', { name: 'Review a lesson plan' }).waitFor();
  return browser;
}

const activity = (page, staffId, part) => page.locator(`#role-${staffId}-${part}-activity`);

describe('plans to review in the browser', { skip: skip ?? false }, () => {
  let stack;
  before(async () => {
    stack = await startStack();
  });
  after(async () => {
    await stack?.stop();
  });

  test('special_educator_reviews_and_publishes_a_submitted_plan', async () => {
    const { setup, para, browser, page } = await reviewAsSpecialEducator(stack, PHONE);
    await page.getByText(setup.plan.objective).waitFor();
    await expectAccessible(page, 'a submitted plan to review');
    await expectReflow(page, 'a submitted plan to review');

    await addAdult(page, para);
    // A para is offered only the activities a para may do.
    const paraOptions = await activity(page, para.id, 'part-1').locator('option').evaluateAll((options) => options.map((option) => option.value));
    assert.ok(paraOptions.includes('support_whole_class'));
    assert.ok(!paraOptions.includes('teach_whole_group_lesson'), 'a para is not offered a licensed-only activity');
    assert.ok(!paraOptions.includes('decide_goal_measurement'), 'a para is not offered an IEP owner\'s activity');

    await activity(page, setup.teacherId, 'part-1').selectOption('teach_whole_group_lesson');
    await activity(page, setup.teacherId, 'part-2').selectOption('monitor_independent_work');
    await activity(page, para.id, 'part-1').selectOption('support_whole_class');
    await activity(page, para.id, 'part-2').selectOption('collect_data');
    await page.locator(`#role-${para.id}-part-2-audience`).selectOption('individual');
    await page.locator(`#role-${para.id}-part-2-students-${setup.student.id}`).check();

    const studentName = `${setup.student.first_name} ${setup.student.last_name}`;
    await page.getByRole('button', { name: `Add data to collect for ${studentName}` }).click();
    const goal = page.getByLabel('IEP goal');
    await goal.selectOption(String(setup.goal.id));
    await page.getByLabel('How', { exact: true }).fill('Ten problems during independent practice; record each answer');
    await page.getByLabel('Collected by').selectOption(String(para.id));

    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.locator('p.notice', { hasText: 'Review saved.' }).waitFor(); // the page's notice, not the announcer's copy
    await page.getByRole('button', { name: 'Mark reviewed' }).click();
    await page.locator('p.notice', { hasText: 'Plan marked reviewed.' }).waitFor(); // the page's notice, not the announcer's copy
    await expectAccessible(page, 'a reviewed plan');
    await page.setViewportSize(DESKTOP);
    await expectAccessible(page, 'a reviewed plan on a desktop');
    await screenshots(page, 'plan-review', { scrollTo: page.getByRole('heading', { name: 'Who does what' }) });
    await page.getByRole('button', { name: 'Publish' }).click();
    await page.locator('p.notice', { hasText: 'Plan published' }).waitFor(); // the page's notice, not the announcer's copy
    await browser.close();

    // The server holds the published plan with those roles and that data.
    const special = await apiAs(stack, 'special_educator');
    try {
      const stored = await special.get(`/plans/${setup.plan.id}`);
      assert.equal(stored.status, 'published');
      assert.equal(stored.reviewer_id, setup.specialId);
      const roles = stored.roles.map((role) => `${role.staff_id} ${role.part} ${role.activity} ${role.audience} ${role.student_ids.join(',')}`).sort();
      assert.deepEqual(
        roles,
        [
          `${setup.teacherId} part-1 teach_whole_group_lesson whole_class `,
          `${setup.teacherId} part-2 monitor_independent_work whole_class `,
          `${para.id} part-1 support_whole_class whole_class `,
          `${para.id} part-2 collect_data individual ${setup.student.id}`,
        ].sort(),
      );
      assert.deepEqual(
        stored.data_to_collect.map((data) => [data.student_id, data.goal_id, data.collector_id]),
        [[setup.student.id, setup.goal.id, para.id]],
      );
    } finally {
      await special.close();
    }

    // The para's day shows the lesson.
    const paraBrowser = await newPage(stack, PHONE);
    await signIn(paraBrowser.page, stack, 'paraeducator');
    await paraBrowser.page.goto(`/day?date=${setup.plan.date}`);
    await paraBrowser.page.getByText(setup.plan.objective).first().waitFor();
    await paraBrowser.close();
  });

  test('a_saved_review_is_announced_once', async () => {
    const { browser, page } = await reviewAsSpecialEducator(stack, PHONE);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.locator('p.notice', { hasText: 'Review saved.' }).waitFor();
    // The shell's announcer says it; the page's notice shows it without saying it again.
    await page.locator('#announcer').getByText('Review saved.').waitFor({ state: 'attached' });
    assert.equal(await liveRegionsSaying(page, 'Review saved.'), 1, 'the message is in exactly one live region');
    await expectAccessible(page, 'a saved review');
    await browser.close();
  });

  test('a_role_the_server_refuses_is_shown_at_its_control', async () => {
    const { setup, para, browser, page } = await reviewAsSpecialEducator(stack, DESKTOP);
    await addAdult(page, para);
    await activity(page, setup.teacherId, 'part-1').selectOption('teach_whole_group_lesson');
    await activity(page, setup.teacherId, 'part-2').selectOption('monitor_independent_work');
    await activity(page, para.id, 'part-1').selectOption('support_whole_class');
    // The para has no role in the independent practice: marking the plan
    // reviewed is refused (rule every_adult_has_a_role), naming the para.
    await page.getByRole('button', { name: 'Mark reviewed' }).click();
    const summary = page.locator('.notice-error[role="alert"]');
    await summary.getByText('The plan was not changed.').waitFor();
    const link = summary.getByRole('link', { name: /no role in part 'part-2'/ });
    assert.match(await link.textContent(), new RegExp(`^${para.name}, Independent practice: `));
    await link.click();
    const missing = activity(page, para.id, 'part-2');
    assert.equal(await missing.evaluate((element) => element === document.activeElement), true, 'the link takes focus to the para\'s role in that part');
    assert.equal(await missing.getAttribute('aria-invalid'), 'true');
    assert.equal(new URL(page.url()).pathname, `/plans/${setup.plan.id}`);
    await expectAccessible(page, 'a plan with a missing role');
    await page.setViewportSize(PHONE);
    await expectAccessible(page, 'a plan with a missing role on a phone');
    await expectReflow(page, 'a plan with a missing role');

    // A para delivering SDI with nobody directing them: the server's rule,
    // at the control that names the supervisor.
    await missing.selectOption('deliver_sdi');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    const refusal = summary.getByRole('link', { name: /para_sdi_requires_licensed_supervisor/ });
    await refusal.waitFor();
    await refusal.click();
    const supervisor = page.locator(`#role-${para.id}-part-2-supervisor`);
    assert.equal(await supervisor.evaluate((element) => element === document.activeElement), true);
    await browser.close();

    // Nothing was marked reviewed.
    const special = await apiAs(stack, 'special_educator');
    try {
      assert.equal((await special.get(`/plans/${setup.plan.id}`)).status, 'submitted');
    } finally {
      await special.close();
    }
  });

  test('the_paras_the_published_schedule_puts_in_the_room_are_offered_and_added_with_one_click', async () => {
    const lesson = await scheduledLesson(stack);
    const browser = await newPage(stack, PHONE);
    const { page } = browser;
    await signIn(page, stack, 'special_educator');
    await openPlan(page, lesson.plan);
    const adults = page.locator('section[aria-labelledby="adults-title"]');
    await adults.getByText(`The published schedule has ${lesson.para.name} in ${lesson.room} from ${lesson.start} to ${lesson.end}.`).waitFor();
    await expectAccessible(page, 'a plan with a para on the published schedule');
    await expectReflow(page, 'a plan with a para on the published schedule');

    await adults.getByRole('button', { name: `Add ${lesson.para.name} to the lesson` }).click();
    // The para is among the adults, in the room, and focus is on their place in the lesson.
    const presence = page.locator(`#adult-${lesson.para.id}-presence`);
    await presence.waitFor();
    assert.equal(await presence.inputValue(), 'in_room');
    assert.equal(await presence.evaluate((element) => element === document.activeElement), true, 'focus moves to the added para');
    assert.equal(await adults.getByRole('button', { name: `Add ${lesson.para.name} to the lesson` }).count(), 0, 'no button for a para already in the lesson');
    await adults.getByText('In the lesson', { exact: true }).waitFor();
    // Their role in each part is asked for.
    await page.getByRole('group', { name: `${lesson.para.name}, Whole group lesson` }).waitFor();
    await expectAccessible(page, 'a scheduled para added to the lesson');
    await page.setViewportSize(DESKTOP);
    await expectAccessible(page, 'a scheduled para added to the lesson on a desktop');

    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.locator('p.notice', { hasText: 'Review saved.' }).waitFor(); // the page's notice, not the announcer's copy
    await browser.close();

    const special = await apiAs(stack, 'special_educator');
    try {
      const stored = await special.get(`/plans/${lesson.plan.id}`);
      assert.deepEqual(
        stored.adults.filter((adult) => adult.staff_id === lesson.para.id).map((adult) => [adult.role, adult.presence]),
        [['paraeducator', 'in_room']],
      );
    } finally {
      await special.close();
    }
  });

  test('a_para_the_published_schedule_has_elsewhere_during_the_lesson_is_said_once_in_the_room', async () => {
    const lesson = await scheduledLesson(stack);
    const special = await apiAs(stack, 'special_educator');
    const { elsewhere } = await special.get(`/plans/${lesson.plan.id}/scheduled-paras`);
    await special.close();
    const away = elsewhere.find((entry) => entry.staff_id !== lesson.para.id);
    assert.ok(away, `the published schedule has every para of the school in ${lesson.room} during the lesson`);
    const where = (entry) => `${entry.kind === 'support' ? `with students in ${entry.room}` : entry.kind === 'other_duty' ? 'on another duty' : `on ${entry.kind.replace('_', ' ')}`} from ${entry.start} to ${entry.end}`;
    const said = `The published schedule has ${away.name} ${elsewhere.filter((entry) => entry.staff_id === away.staff_id).map(where).join(' and ')}, during this lesson.`;

    const browser = await newPage(stack, PHONE);
    const { page } = browser;
    await signIn(page, stack, 'special_educator');
    await openPlan(page, lesson.plan);
    const adults = page.locator('section[aria-labelledby="adults-title"]');
    assert.equal(await adults.locator('.scheduled-elsewhere').count(), 0, 'nobody is warned of before they are in the lesson');
    await addAdult(page, { id: away.staff_id, name: away.name });
    const warning = adults.locator('.scheduled-elsewhere');
    await warning.waitFor();
    assert.match(await warning.innerText(), new RegExp(`^${said.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} `));
    await expectAccessible(page, 'a para the schedule has elsewhere, added to the lesson');
    await expectReflow(page, 'a para the schedule has elsewhere, added to the lesson');
    // Planning only, they are not needed in the room: no warning.
    await page.locator(`#adult-${away.staff_id}-presence`).selectOption('planning_only');
    await warning.waitFor({ state: 'detached' });
    await browser.close();
  });

  test('a_plan_returned_with_what_to_change_shows_it_to_its_teacher_until_submitted_again', async () => {
    const { setup, browser, page } = await reviewAsSpecialEducator(stack, PHONE);
    const reasonText = 'Add a check for understanding after the whole group lesson, and say which fraction strips each group uses.';
    // A change to the review not yet saved: returning the plan saves it first.
    await activity(page, setup.teacherId, 'part-1').selectOption('teach_whole_group_lesson');
    const toggle = page.getByRole('button', { name: 'Return to teacher' });
    assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
    await toggle.click();
    // The button asks first what the teacher should change; the question takes focus.
    const reason = page.getByLabel('What the teacher should change');
    await reason.waitFor();
    assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
    assert.equal(await reason.evaluate((element) => element === document.activeElement), true, 'the reason takes focus');

    // Without a reason the plan is not returned: the error is linked to the field.
    await page.getByRole('button', { name: 'Return the plan' }).click();
    const summary = page.locator('.notice-error[role="alert"]');
    await summary.getByText('The plan was not changed.').waitFor();
    const link = summary.getByRole('link', { name: /^What the teacher should change: / });
    await link.waitFor();
    assert.equal(await reason.getAttribute('aria-invalid'), 'true');
    assert.match(await reason.getAttribute('aria-describedby'), /\breturn-reason-error\b/);
    await page.locator('#return-reason-error').waitFor();
    await expectAccessible(page, 'a plan returned without a reason');
    await expectReflow(page, 'a plan returned without a reason');
    await link.click();
    assert.equal(await reason.evaluate((element) => element === document.activeElement), true, 'the link takes focus to the reason');
    const server = await pageApi(page);
    assert.equal((await server.get(`/plans/${setup.plan.id}`)).status, 'submitted', 'a return without a reason sends nothing');

    await reason.fill(reasonText);
    await page.setViewportSize(DESKTOP);
    await expectAccessible(page, 'a plan about to be returned on a desktop');
    await page.getByRole('button', { name: 'Return the plan' }).click();
    // Focus moves to what was done, which says it; the announcer does not say it again.
    const returnedNotice = page.locator('p.notice').filter({ hasText: 'Plan returned to its teacher as a draft' });
    await returnedNotice.waitFor();
    await page.waitForFunction(() => document.activeElement?.textContent?.startsWith('Plan returned to its teacher as a draft'));
    await page.waitForTimeout(200);
    assert.equal(await liveRegionsSaying(page, 'Plan returned to its teacher as a draft'), 0, 'the focused notice is not also announced');
    await page.getByText(`Returned to the teacher: ${reasonText}`).waitFor();
    // The draft is the teacher's now: the review offers nothing to change or send.
    await page.getByText(/^With its teacher\. This plan is a draft/).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Save', exact: true }).count(), 0, 'no Save on a returned draft');
    assert.equal(await page.getByRole('button', { name: 'Return to teacher' }).count(), 0);
    const returned = await server.get(`/plans/${setup.plan.id}`);
    assert.equal(returned.status, 'draft');
    assert.equal(returned.return_reason, reasonText);
    assert.deepEqual(
      returned.roles.map((role) => [role.staff_id, role.part, role.activity]),
      [[setup.teacherId, 'part-1', 'teach_whole_group_lesson']],
      'the review changed before the return was saved first',
    );
    await expectAccessible(page, 'a plan returned to its teacher on a desktop');
    await browser.close();

    // The teacher sees why on the plan's card, and at the top of the draft.
    const teacherBrowser = await newPage(stack, PHONE);
    const teacherPage = teacherBrowser.page;
    await signIn(teacherPage, stack, 'general_educator');
    await teacherPage.goto(`/sections?section=${setup.section.id}`);
    const date = setup.plan.date;
    const card = teacherPage.locator('section.card', { has: teacherPage.getByRole('heading', { name: `${date}: ${setup.plan.objective}` }) });
    await card.getByText(`Returned by the special educator: ${reasonText}`).waitFor();
    await card.getByText('Draft', { exact: true }).waitFor();
    await expectAccessible(teacherPage, 'a returned plan among upcoming lessons');
    await expectReflow(teacherPage, 'a returned plan among upcoming lessons');
    await card.getByRole('link', { name: `Open and edit the plan for ${date}` }).click();
    const editor = teacherPage.getByRole('form', { name: `Change the lesson plan for ${date}` });
    const said = editor.getByText(`Returned by the special educator: ${reasonText}`);
    await said.waitFor();
    const first = await editor.evaluate((form) => form.firstElementChild?.textContent ?? '');
    assert.match(first, /^Returned by the special educator: /, 'the reason is at the top of the draft editor');
    assert.equal(await editor.getAttribute('aria-describedby'), await said.getAttribute('id'));
    await expectAccessible(teacherPage, 'a returned plan opened to edit');
    await expectReflow(teacherPage, 'a returned plan opened to edit');
    await teacherPage.setViewportSize(DESKTOP);
    await expectAccessible(teacherPage, 'a returned plan opened to edit on a desktop');

    // Changed as asked and submitted again: the reason is gone.
    await teacherPage.getByLabel('Parts of the lesson').fill('Whole group lesson, 20\nCheck for understanding, 5\nIndependent practice, 15');
    await teacherPage.getByLabel('Materials (optional)').fill('Fraction strips: halves for group A, quarters for group B');
    await teacherPage.getByRole('button', { name: 'Save and submit for review' }).click();
    await teacherPage.locator('.notice').filter({ hasText: `Lesson plan for ${date} submitted for review.` }).waitFor();
    assert.equal(await teacherPage.getByText('Returned by the special educator').count(), 0);
    const teacherServer = await pageApi(teacherPage);
    const submitted = await teacherServer.get(`/plans/${setup.plan.id}`);
    assert.equal(submitted.status, 'submitted');
    assert.equal(submitted.return_reason, null);
    assert.deepEqual(
      submitted.parts.map((part) => [part.description, part.minutes]),
      [['Whole group lesson', 20], ['Check for understanding', 5], ['Independent practice', 15]],
    );
    await teacherPage.getByRole('link', { name: /^Back to the lessons of/ }).click();
    const resubmitted = teacherPage.locator('section.card', { has: teacherPage.getByRole('heading', { name: `${date}: ${setup.plan.objective}` }) });
    await resubmitted.getByText('Submitted', { exact: true }).waitFor();
    assert.equal(await resubmitted.getByText('Returned by the special educator').count(), 0);
    await teacherBrowser.close();
  });

  test('a_draft_with_its_teacher_reads_as_theirs_and_offers_the_reviewer_nothing_to_change', async () => {
    const setup = await submittedPlan(stack);
    const reasonText = 'Split the independent practice into two rounds, so the para can check each group.';
    await returnPlan(stack, setup.plan, reasonText);
    const browser = await openedByReviewer(stack, setup.plan);
    const { page } = browser;
    // The teacher's lesson, said to be with the teacher, with what they were asked to change.
    await page.getByText(setup.plan.objective).waitFor();
    await page.getByText(/^With its teacher\. This plan is a draft/).waitFor();
    await page.getByText(`Returned to the teacher: ${reasonText}`).waitFor();
    // Nothing of the review to change or send.
    for (const name of ['Save', 'Mark reviewed', 'Publish', 'Return to teacher']) {
      assert.equal(await page.getByRole('button', { name, exact: true }).count(), 0, `no ${name} button on a draft`);
    }
    assert.equal(await page.getByRole('heading', { name: 'Your review' }).count(), 0);
    assert.equal(await page.locator('main select, main textarea, main input').count(), 0, 'no control to change the review');
    assert.equal(await page.getByRole('heading', { name: 'The review so far' }).count(), 0, 'nothing reviewed, nothing shown');
    await expectAccessible(page, 'a draft with its teacher');
    await expectReflow(page, 'a draft with its teacher');
    await page.setViewportSize(DESKTOP);
    await expectAccessible(page, 'a draft with its teacher on a desktop');
    await browser.close();
  });

  test('a_returned_plan_shows_the_reviewer_the_review_done_so_far_as_text', async () => {
    const setup = await submittedPlan(stack);
    const para = await paraAccount(stack);
    const studentName = `${setup.student.first_name} ${setup.student.last_name}`;
    const review = {
      accommodation: 'Fraction strips on the desk for the whole lesson',
      modification: 'Five problems in place of ten',
      how: 'Ten problems during independent practice; record each answer',
      lessonTitle: 'Halves and quarters with strips',
      lessonContent: 'Fold a strip in halves, then quarters.\nCompare them side by side.',
    };
    // The special educator reviews the plan (a para delivering specially
    // designed instruction from an adapted lesson, an accommodation and a
    // modification, data to collect) and returns it to its teacher.
    const specialName = await returnPlan(stack, setup.plan, 'Say which strips each group uses.', (plan, special) => ({
      adults: [
        ...plan.adults,
        { staff_id: special.staffId, role: 'special_educator', name: special.name, presence: 'planning_only' },
        { staff_id: para.id, role: 'paraeducator', name: para.name, presence: 'in_room' },
      ],
      roles: [
        { staff_id: setup.teacherId, part: 'part-1', activity: 'teach_whole_group_lesson', audience: 'whole_class', student_ids: [] },
        { staff_id: para.id, part: 'part-2', activity: 'deliver_sdi', audience: 'individual', student_ids: [setup.student.id], supervisor_id: special.staffId, adapted_lesson: 'lesson-1' },
      ],
      adaptations: [
        { student_id: setup.student.id, kind: 'accommodation', description: review.accommodation },
        { student_id: setup.student.id, kind: 'modification', description: review.modification },
      ],
      data_to_collect: [{ student_id: setup.student.id, goal_id: setup.goal.id, method: setup.goal.measurement, how: review.how, collector_id: para.id }],
      adapted_lessons: [{ key: 'lesson-1', prepared_by: special.staffId, student_ids: [setup.student.id], title: review.lessonTitle, content: review.lessonContent }],
    }));

    const browser = await openedByReviewer(stack, setup.plan);
    const { page } = browser;
    await page.getByText('Returned to the teacher: Say which strips each group uses.').waitFor();
    const soFar = page.locator('section', { has: page.getByRole('heading', { name: 'The review so far', level: 2 }) });
    await soFar.waitFor();
    // The parts filled in, in the order of the review form.
    assert.deepEqual(await soFar.getByRole('heading', { level: 3 }).allTextContents(), ['Adults in the lesson', 'Who does what', 'Students with IEPs', 'Adapted lessons']);
    assert.deepEqual(await soFar.getByRole('heading', { level: 4 }).allTextContents(), ['Whole group lesson (20 min)', 'Independent practice (20 min)', studentName, review.lessonTitle]);
    const items = (await soFar.getByRole('listitem').allTextContents()).map(normal);
    for (const expected of [
      `${para.name} (paraeducator): in the room`,
      `${setup.teacherName}: Teach whole group lesson, with the whole class`,
      `${specialName} (special educator): planning only`,
      `${para.name}: Deliver specially designed instruction, with ${studentName}; directed by ${specialName}; from the adapted lesson “${review.lessonTitle}”`,
      `Accommodation: ${review.accommodation}`,
      `Modification: ${review.modification}`,
    ]) {
      assert.ok(items.includes(expected), `the review so far lists "${expected}" (it lists ${JSON.stringify(items)})`);
    }
    const pairs = await soFar.locator('dl dt').evaluateAll((terms) => terms.map((term) => [term.textContent, term.nextElementSibling.textContent]));
    assert.deepEqual(Object.fromEntries(pairs.filter(([term]) => term !== 'Method')), {
      'IEP goal': pairs.find(([term]) => term === 'IEP goal')?.[1],
      How: review.how,
      'Collected by': para.name,
    });
    assert.ok(pairs.find(([term]) => term === 'IEP goal')[1].endsWith(setup.goal.statement), 'the goal is named by its statement');
    await soFar.getByText(`For ${studentName}, prepared by ${specialName}`).waitFor();
    assert.ok((await soFar.locator('p.reason-text').allTextContents()).includes(review.lessonContent), 'the adapted lesson as written');
    // Text, not controls: nothing of the review can be changed or sent.
    assert.equal(await page.locator('main select, main textarea, main input').count(), 0, 'no control to change the review');
    assert.equal(await page.getByRole('button', { name: 'Save', exact: true }).count(), 0);
    await expectAccessible(page, 'a returned plan with its review so far');
    await expectReflow(page, 'a returned plan with its review so far');
    await page.setViewportSize(DESKTOP);
    await expectAccessible(page, 'a returned plan with its review so far on a desktop');
    await browser.close();
  });

  test('only_special_educators_and_providers_get_plans_to_review', async () => {
    const signInAt = async (page, role, address) => {
      const account = stack.accounts[role];
      await page.goto(address);
      await page.getByLabel('Email address').fill(account.email);
      await page.getByLabel('Password').fill(account.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('button', { name: 'Sign out' }).waitFor();
    };
    for (const [role, home, heading] of [
      ['special_educator', '/plans', 'Plans to review'],
      ['related_service_provider', '/plans', 'Plans to review'],
      ['paraeducator', '/day', 'My day'],
      ['general_educator', '/sections', 'My sections'],
    ]) {
      const browser = await newPage(stack, PHONE);
      const { page } = browser;
      // Opened directly: the page for those who review plans, else the start page.
      await signInAt(page, role, '/plans');
      await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
      assert.equal(new URL(page.url()).pathname, home, `${role} at /plans`);
      const navigation = page.getByRole('navigation', { name: 'Main' });
      assert.equal(await navigation.getByRole('link', { name: 'Plans to review' }).count(), home === '/plans' ? 1 : 0, `${role}'s navigation`);
      if (home === '/plans') {
        await expectAccessible(page, `plans to review for a ${role}`);
        await expectReflow(page, `plans to review for a ${role}`);
      }
      await browser.close();
    }
  });
});

const normal = (text) => text.replace(/\s+/g, ' ').trim();
