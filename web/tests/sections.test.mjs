// Browser tests of My sections' recent lessons: a lesson plan written up
// after the lesson was taught (a past date) is saved, flagged late, said so,
// and listed among the recent lessons, where a draft can also be submitted.
// Real server, real Chromium.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DESKTOP, PHONE, expectAccessible, expectReflow, newPage, signIn, skipReason, startStack } from './harness.mjs';
import { apiAs, items, nextLessonDay, pageApi, pastLessonDay } from './data.mjs';

const skip = await skipReason();
if (skip) console.log(`# SKIP browser tests: ${skip}`);

// The section My sections opens on: the demo general educator's first
// (`which` = 1: their second, whose lessons no other test here takes).
async function firstSection(stack, which = 0) {
  const teacher = await apiAs(stack, 'general_educator');
  try {
    const section = items(await teacher.get(`/sections?general_educator_id=${teacher.staffId}&limit=500`))[which];
    if (!section) throw new Error(`the demo general educator teaches fewer than ${which + 1} sections`);
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
    const notice = page.locator('form .notice');
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
    // The button is gone: focus stays on the plan's card, at its heading,
    // not lost to the page.
    assert.equal(await page.evaluate(() => document.activeElement?.textContent ?? null), `${date}: ${objective}`);
    await browser.close();
  });

  test('a_returned_plan_among_recent_lessons_says_why_until_submitted_again', async () => {
    // Another section than the other tests': its days are free.
    const other = await firstSection(stack, 1);
    const date = await pastLessonDay(stack, 'general_educator', other, 3);
    const objective = 'Sort shapes by their sides';
    const reason = 'Name the shapes each table sorts, so the para can prepare picture cards.';
    const teacher = await apiAs(stack, 'general_educator');
    const special = await apiAs(stack, 'special_educator');
    let plan;
    try {
      // Written up after the lesson, submitted, and returned by the special educator with what to change.
      plan = await teacher.post('/plans', { section_id: other.id, date, objective, parts: [{ key: 'part-1', description: 'Sorting at tables', minutes: 25 }] });
      plan = await teacher.post(`/plans/${plan.id}/submit`, { version: plan.version });
      plan = await special.post(`/plans/${plan.id}/return`, { version: plan.version, reason });
    } finally {
      await teacher.close();
      await special.close();
    }
    assert.equal(plan.return_reason, reason);
    const browser = await newPage(stack, PHONE);
    const { page } = browser;
    await signIn(page, stack, 'general_educator');
    await page.goto(`/sections?section=${other.id}`);
    await recentLessons(page).locator('summary').click();
    const card = recentLessons(page).locator('section.card', { has: page.getByRole('heading', { name: `${date}: ${objective}` }) });
    await card.getByText(`Returned by the special educator: ${reason}`).waitFor();
    await expectAccessible(page, 'a returned plan among recent lessons');
    await expectReflow(page, 'a returned plan among recent lessons');
    await page.setViewportSize(DESKTOP);
    await expectAccessible(page, 'a returned plan among recent lessons on a desktop');

    // Submitted again from the list: the server forgets the reason, and so does the card.
    await card.getByRole('button', { name: `Submit for review the plan for ${date}` }).click();
    await card.getByText('Submitted', { exact: true }).waitFor();
    assert.equal(await card.getByText('Returned by the special educator').count(), 0);
    const stored = await (await pageApi(page)).get(`/plans/${plan.id}`);
    assert.equal(stored.status, 'submitted');
    assert.equal(stored.return_reason, null);
    await browser.close();
  });

  test('the_lists_keep_their_lessons_while_they_reload_after_a_submit_or_a_post', async () => {
    // Another section than most tests': its days are free.
    const other = await firstSection(stack, 1);
    const draftDate = await nextLessonDay(stack, 'general_educator', other, 3);
    const postDate = await nextLessonDay(stack, 'general_educator', other, Math.round((Date.parse(draftDate) - Date.now()) / 86400000) + 2);
    const teacher = await apiAs(stack, 'general_educator');
    try {
      await teacher.post('/plans', { section_id: other.id, date: draftDate, objective: 'Label the parts of a plant', parts: [{ key: 'part-1', description: 'Drawing and labelling', minutes: 30 }] });
    } finally {
      await teacher.close();
    }
    const browser = await newPage(stack, PHONE);
    const { page } = browser;
    await signIn(page, stack, 'general_educator');
    await page.goto(`/sections?section=${other.id}`);
    const card = page.locator('section.card', { has: page.getByRole('heading', { name: `${draftDate}: Label the parts of a plant` }) });
    await card.getByText('Draft', { exact: true }).waitFor();
    await page.getByRole('heading', { name: 'Recent lessons' }).waitFor();
    await page.locator('main .loading').waitFor({ state: 'detached' });
    // From here on, every "Loading…" the page shows is noted.
    await page.evaluate(() => {
      window.loadingShown = [];
      const note = () => document.querySelectorAll('main .loading').forEach((element) => window.loadingShown.push(element.textContent));
      new MutationObserver(note).observe(document.querySelector('main'), { childList: true, subtree: true, characterData: true });
    });

    await card.getByRole('button', { name: `Submit for review the plan for ${draftDate}` }).click();
    await card.getByText('Submitted', { exact: true }).waitFor();

    await page.getByLabel('Lesson date').fill(postDate);
    await page.getByLabel('Objective').fill('Explain how a seed grows');
    await page.getByRole('button', { name: 'Post lesson plan' }).click();
    const posted = page.locator('section.card', { has: page.getByRole('heading', { name: `${postDate}: Explain how a seed grows` }) });
    await posted.getByText('Submitted', { exact: true }).waitFor();

    assert.deepEqual(await page.evaluate(() => window.loadingShown), [], 'the lists stay shown while they reload');
    await expectAccessible(page, 'lessons reloaded after a submit and a post');
    await browser.close();
  });

  test('an_opened_plan_is_labelled_with_its_own_section_whatever_section_the_address_names', async () => {
    // A plan of the teacher's second section, opened at an address that names their first.
    const other = await firstSection(stack, 1);
    const date = await nextLessonDay(stack, 'general_educator', other, 20);
    const teacher = await apiAs(stack, 'general_educator');
    let plan;
    try {
      plan = await teacher.post('/plans', { section_id: other.id, date, objective: 'Measure a week of rainfall', parts: [{ key: 'part-1', description: 'Reading the gauges', minutes: 20 }] });
    } finally {
      await teacher.close();
    }
    const browser = await newPage(stack, PHONE);
    const { page } = browser;
    await signIn(page, stack, 'general_educator');
    await page.goto(`/sections?section=${section.id}&plan=${plan.id}`);
    await page.getByRole('heading', { name: `Lesson plan for ${date}` }).waitFor();
    const label = `${other.course} (${other.code})`;
    const opened = page.locator('section[aria-labelledby="opened-plan-title"]');
    await opened.getByText(label).waitFor();
    assert.equal(await opened.getByText(`${section.course} (${section.code})`).count(), 0, "not the address's section");
    await page.getByRole('link', { name: `Back to the lessons of ${label}` }).waitFor();
    // The address and the section chosen follow the plan.
    await page.waitForURL((url) => url.searchParams.get('section') === String(other.id) && url.searchParams.get('plan') === String(plan.id));
    assert.equal(await page.locator('#section-choice').inputValue(), String(other.id));
    await expectAccessible(page, 'a plan opened at an address naming another section');
    await browser.close();
  });

  // A draft as the general educator leaves it before submitting (or as the
  // special educator returns it): two parts the review's roles could name.
  async function postDraft(date, objective) {
    const teacher = await apiAs(stack, 'general_educator');
    try {
      return await teacher.post('/plans', {
        section_id: section.id,
        date,
        objective,
        parts: [
          { key: 'mini-lesson', description: 'Mini-lesson', minutes: 10 },
          { key: 'practice', description: 'Partner practice', minutes: 20 },
        ],
      });
    } finally {
      await teacher.close();
    }
  }

  // Opens a plan from its card in the lists; the opened plan takes focus.
  async function openFromList(page, date, objective, list = page) {
    const card = list.locator('section.card', { has: page.getByRole('heading', { name: `${date}: ${objective}` }) });
    await card.getByRole('link', { name: `Open and edit the plan for ${date}` }).click();
    const heading = page.getByRole('heading', { name: `Lesson plan for ${date}` });
    await heading.waitFor();
    await page.waitForFunction((text) => document.activeElement?.textContent === text, `Lesson plan for ${date}`);
  }

  test('a_draft_is_opened_from_upcoming_lessons_changed_saved_and_submitted', async () => {
    const date = await nextLessonDay(stack, 'general_educator', section, 3);
    const draft = await postDraft(date, 'Compare fractions with models');
    const browser = await newPage(stack, PHONE);
    const { page } = browser;
    await signIn(page, stack, 'general_educator');
    await openFromList(page, date, 'Compare fractions with models');
    // What the draft holds is in the form; the date is not a control.
    assert.equal(await page.getByLabel('Objective').inputValue(), 'Compare fractions with models');
    assert.equal(await page.getByLabel('Parts of the lesson').inputValue(), 'Mini-lesson, 10\nPartner practice, 20');
    assert.equal(await page.getByLabel('Lesson date').count(), 0);
    await expectAccessible(page, 'a draft opened to edit');
    await expectReflow(page, 'a draft opened to edit');

    await page.getByLabel('Objective').fill('Compare fractions on a number line');
    await page.getByLabel('Parts of the lesson').fill('Mini-lesson, 10\nPartner practice, 25');
    await page.getByLabel('Materials (optional)').fill('Fraction strips\nNumber line cards');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.locator('.notice').filter({ hasText: `Changes to the lesson plan for ${date} saved.` }).waitFor();

    // The server holds the change, and the parts keep their keys.
    const server = await pageApi(page);
    const stored = await server.get(`/plans/${draft.id}`);
    assert.equal(stored.objective, 'Compare fractions on a number line');
    assert.deepEqual(
      stored.parts.map((part) => [part.key, part.minutes]),
      [['mini-lesson', 10], ['practice', 25]],
    );
    assert.deepEqual(stored.materials, ['Fraction strips', 'Number line cards']);
    assert.equal(stored.status, 'draft');
    assert.equal(stored.date, date);

    // Submitted from the editor: read-only, with the special educator.
    await page.getByRole('button', { name: 'Submit for review' }).click();
    await page.locator('.notice').filter({ hasText: `Lesson plan for ${date} submitted for review.` }).waitFor();
    await page.getByText(/^With the special educator for review/).waitFor();
    assert.equal(await page.getByLabel('Objective').count(), 0);
    await page.getByText('Compare fractions on a number line').waitFor();
    assert.equal((await server.get(`/plans/${draft.id}`)).status, 'submitted');
    await expectAccessible(page, 'a plan submitted from the editor');
    await page.setViewportSize(DESKTOP);
    await expectAccessible(page, 'a plan submitted from the editor on a desktop');

    // Back in the list, the plan is submitted, and opens to read.
    await page.getByRole('link', { name: /^Back to the lessons of/ }).click();
    const card = page.locator('section.card', { has: page.getByRole('heading', { name: `${date}: Compare fractions on a number line` }) });
    await card.getByText('Submitted', { exact: true }).waitFor();
    await card.getByRole('link', { name: `Open the plan for ${date}` }).waitFor();
    await browser.close();
  });

  test('a_draft_changed_meanwhile_says_so_and_reloads_the_new_content', async () => {
    const date = await pastLessonDay(stack, 'general_educator', section, 9);
    const draft = await postDraft(date, 'Describe a character');
    const browser = await newPage(stack, PHONE);
    const { page } = browser;
    await signIn(page, stack, 'general_educator');
    await recentLessons(page).locator('summary').click();
    await openFromList(page, date, 'Describe a character', recentLessons(page));

    // Someone changes the plan after it was opened.
    const server = await pageApi(page);
    await server.put(`/plans/${draft.id}`, { ...(await server.get(`/plans/${draft.id}`)), objective: 'Describe a character with evidence' });

    await page.getByLabel('Parts of the lesson').fill('Mini-lesson, 15\nPartner practice, 20');
    await page.getByRole('button', { name: 'Save changes' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'This plan was changed meanwhile.' });
    await alert.waitFor();
    await expectAccessible(page, 'a draft changed meanwhile');
    assert.equal((await server.get(`/plans/${draft.id}`)).parts[0].minutes, 10, 'the stale change was not saved');

    await alert.getByRole('button', { name: 'Reload the plan' }).click();
    await page.waitForFunction(() => document.querySelector('#lesson-objective')?.value === 'Describe a character with evidence');
    assert.equal(await page.getByLabel('Parts of the lesson').inputValue(), 'Mini-lesson, 10\nPartner practice, 20');
    assert.equal(await page.getByText('This plan was changed meanwhile.').count(), 0);
    await browser.close();
  });

  test('a_change_the_server_refuses_is_linked_to_its_field', async () => {
    const date = await nextLessonDay(stack, 'general_educator', section, 8);
    await postDraft(date, 'Write a persuasive paragraph');
    const browser = await newPage(stack, PHONE);
    const { page } = browser;
    await signIn(page, stack, 'general_educator');
    await openFromList(page, date, 'Write a persuasive paragraph');
    // A part longer than the server takes: only the server knows the limit.
    await page.getByLabel('Parts of the lesson').fill('Mini-lesson, 10\nPartner practice, 300');
    await page.getByRole('button', { name: 'Save changes' }).click();
    const summary = page.getByRole('alert').filter({ hasText: 'The changes were not saved.' });
    await summary.waitFor();
    const link = summary.getByRole('link', { name: /^Parts of the lesson, line 2:/ });
    await link.waitFor();
    assert.equal(await page.getByLabel('Parts of the lesson').getAttribute('aria-invalid'), 'true');
    await expectAccessible(page, 'a change the server refused');
    await expectReflow(page, 'a change the server refused');
    await link.click();
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'lesson-parts');
    await page.setViewportSize(DESKTOP);
    await expectAccessible(page, 'a change the server refused on a desktop');
    await browser.close();
  });
});
