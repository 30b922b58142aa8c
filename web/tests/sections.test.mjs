// Browser tests of My sections' recent lessons: a lesson plan written up
// after the lesson was taught (a past date) is saved, flagged late, said so,
// and listed among the recent lessons, where a draft can also be submitted.
// Real server, real Chromium.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DESKTOP, PHONE, expectAccessible, expectReflow, newPage, signIn, skipReason, startStack } from './harness.mjs';
import { apiAs, pastLessonDay } from './data.mjs';

const skip = await skipReason();
if (skip) console.log(`# SKIP browser tests: ${skip}`);

const items = (page) => page.items ?? page;

// The section My sections opens on: the demo general educator's first.
async function firstSection(stack) {
  const teacher = await apiAs(stack, 'general_educator');
  try {
    const section = items(await teacher.get(`/sections?general_educator_id=${teacher.staffId}&limit=500`))[0];
    if (!section) throw new Error('the demo general educator teaches no section');
    return section;
  } finally {
    await teacher.close();
  }
}

const recentLessons = (page) => page.locator('details.recent-lessons');

describe('my sections in the browser', { skip: skip ?? false }, () => {
  let stack;
  let section;
  before(async () => {
    stack = await startStack();
    section = await firstSection(stack);
  });
  after(async () => {
    await stack?.stop();
  });

  test('a_plan_posted_for_a_past_day_is_flagged_late_and_listed_among_recent_lessons', async () => {
    const date = await pastLessonDay(stack, 'general_educator', section, 3);
    const objective = 'Retell the story in order';
    const browser = await newPage(stack, PHONE);
    const { page } = browser;
    await signIn(page, stack, 'general_educator');
    await page.getByRole('heading', { name: 'Recent lessons' }).waitFor();
    await page.getByText('No lesson plans for the last 14 days.').waitFor();
    await expectAccessible(page, 'my sections without recent lessons');

    await page.getByLabel('Lesson date').fill(date);
    await page.getByLabel('Objective').fill(objective);
    await page.getByRole('button', { name: 'Post lesson plan' }).click();

    // The notice says the plan was kept for that past date, and flagged late.
    const notice = page.locator('form .notice[role="status"]');
    await notice.getByText(`Lesson plan for ${date} saved for that past date`).waitFor();
    assert.match(await notice.textContent(), /flagged late/);
    // The plan is among the recent lessons, opened for the person to see.
    const card = recentLessons(page).locator('section.card', { has: page.getByRole('heading', { name: `${date}: ${objective}` }) });
    await card.waitFor();
    assert.equal(await recentLessons(page).evaluate((details) => details.open), true, 'recent lessons open after a past plan is posted');
    await card.getByText('Submitted late').waitFor();
    await card.getByText('Submitted', { exact: true }).waitFor();
    // The notice's link takes focus to the plan.
    await notice.getByRole('link', { name: 'Show the plan' }).click();
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), `${date}: ${objective}`);
    await expectAccessible(page, 'a plan posted for a past day');
    await expectReflow(page, 'a plan posted for a past day');
    await page.setViewportSize(DESKTOP);
    await expectAccessible(page, 'a plan posted for a past day on a desktop');

    // Opened again, the recent lessons are folded away; the keyboard opens them.
    await page.reload();
    const summary = recentLessons(page).locator('summary');
    await summary.waitFor();
    assert.match(await summary.textContent(), /^1 lesson in the last 14 days/);
    assert.equal(await card.isVisible(), false);
    await summary.focus();
    await page.keyboard.press('Enter');
    await card.waitFor({ state: 'visible' });
    await expectAccessible(page, 'recent lessons opened');
    await browser.close();

    // The server holds it for that date, late.
    const teacher = await apiAs(stack, 'general_educator');
    try {
      const stored = items(await teacher.get(`/plans?section_id=${section.id}&date=${date}`));
      assert.equal(stored.length, 1);
      assert.equal(stored[0].status, 'submitted');
      assert.equal(stored[0].late ?? stored[0].timing?.late, true);
    } finally {
      await teacher.close();
    }
  });

  test('a_draft_among_recent_lessons_is_submitted_from_the_list', async () => {
    const date = await pastLessonDay(stack, 'general_educator', section, 6);
    const objective = 'Measure objects with paper clips';
    const teacher = await apiAs(stack, 'general_educator');
    try {
      // A draft: posted without submitting, as a plan returned by the special educator is.
      await teacher.post('/plans', { section_id: section.id, date, objective, parts: [{ key: 'part-1', description: 'Hands-on measuring', minutes: 30 }] });
    } finally {
      await teacher.close();
    }
    const browser = await newPage(stack, PHONE);
    const { page } = browser;
    await signIn(page, stack, 'general_educator');
    await recentLessons(page).locator('summary').click();
    const card = recentLessons(page).locator('section.card', { has: page.getByRole('heading', { name: `${date}: ${objective}` }) });
    await card.getByText('Draft', { exact: true }).waitFor();
    await expectAccessible(page, 'a draft among recent lessons');
    await card.getByRole('button', { name: `Submit for review the plan for ${date}` }).click();
    await card.getByText('Submitted', { exact: true }).waitFor();
    assert.equal(await card.getByRole('button', { name: /Submit for review/ }).count(), 0);
    await browser.close();
  });
});
