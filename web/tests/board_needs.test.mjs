// Browser tests of the day's students' needs by block, from the schedule
// board: the board's link, a section per block in order with its time, each
// block's counts, the groups of students who need an adult (the room, what
// the adult needs, the students, how many paras at work may support them),
// the groups that could share a para and the ones no para may support, as
// the API the page reads (`GET /api/v1/schools/{id}/needs`) answers; the
// expected groups are read from it, never written here. Where the demo has
// no example of something (a one-to-one student, a block where nobody needs
// an adult), the API's answer is changed in the browser. Real server, real
// Chromium.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DESKTOP, PHONE, describedAs, expectAccessible, expectReflow, skipReason, startStack } from './harness.mjs';
import { coordinatorSignedIn, dayOfWeek, longDate, paraToldWhosePage, showBoard } from './data.mjs';

const skip = await skipReason();
if (skip) console.log(`# SKIP browser tests: ${skip}`);

// A block's counts as the page says them.
function countsSentence({ adult_support: adult, peer_support: peer, teacher_support: teacher, independent }) {
  const all = adult + peer + teacher + independent;
  return `${all} ${all === 1 ? 'student' : 'students'}: ${adult} ${adult === 1 ? 'needs' : 'need'} an adult, ${peer} peer support, ${teacher} teacher support, ${independent} independent.`;
}

// How many paras may support a group, as the page says it.
function parasSentence(qualified) {
  if (qualified === 0) return 'Problem: no para at work may support them.';
  return `${qualified} ${qualified === 1 ? 'para' : 'paras'} at work may support them.`;
}

// What the adult needs, as the page says it for a group without
// credentials: "Adult support with reading intervention."
function needSentence(group) {
  const kind = group.one_to_one ? 'One-to-one support' : group.safety ? 'Health or safety support' : 'Adult support';
  const skills = group.skill_names;
  if (skills.length === 0) return `${kind}.`;
  const inWords = skills.length === 1 ? skills[0] : `${skills.slice(0, -1).join(', ')} and ${skills[skills.length - 1]}`;
  return `${kind} with ${inWords}.`;
}

describe("students' needs by block, from the schedule board", { skip: skip ?? false }, () => {
  let stack;
  before(async () => {
    stack = await startStack();
  });
  after(async () => {
    await stack?.stop();
  });

  test('the_coordinator_reads_the_days_needs_block_by_block_as_the_api_gives_them', async () => {
    const { browser, page, schoolId } = await coordinatorSignedIn(stack, DESKTOP);
    // Tuesday of this week: the demo publishes its schedule.
    const date = dayOfWeek(0, 1);
    const needs = await (await page.request.get(`/api/v1/schools/${schoolId}/needs?date=${date}`)).json();
    assert.ok(needs.blocks.length >= 2, 'the demo school has blocks on a weekday');
    assert.ok(needs.shareable_groups > 0, 'the demo has students who could share a para');
    // The demo has a group no para at work may support (a skill no para
    // has); were it ever without one, the answer is changed to make one.
    if (!needs.blocks.some((block) => block.groups.some((group) => group.qualified_paras === 0))) {
      needs.blocks.find((block) => block.groups.length > 0).groups[0].qualified_paras = 0;
      await page.route(`**/api/v1/schools/${schoolId}/needs?*`, (route) => route.fulfill({ json: needs }));
    }

    await showBoard(page, schoolId, date);
    const link = page.getByRole('link', { name: "Students' needs by block", exact: true });
    assert.match(await describedAs(link), /^\(this day's students who need an adult, block by block, and those who could share a para\)$/);
    await link.click();
    await page.getByRole('heading', { name: `Students' needs on ${longDate(date, { weekday: true })}`, level: 1 }).waitFor();
    const address = new URL(page.url());
    assert.equal(address.pathname + address.search, `/schedule/needs?school=${schoolId}&date=${date}`);
    const sections = page.locator('section.needs-block');
    await sections.first().waitFor({ timeout: 30000 });

    // The day in one line: the groups that could share a para (none of the
    // demo's students needs one-to-one support).
    const oneToOne = new Set(needs.blocks.flatMap((block) => block.groups.filter((group) => group.one_to_one).flatMap((group) => group.students.map((student) => student.id))));
    assert.equal(oneToOne.size, 0, 'the demo has no one-to-one student (see the next test)');
    assert.equal(
      await page.locator('.needs-summary').textContent(),
      `${needs.shareable_groups} ${needs.shareable_groups === 1 ? 'group' : 'groups'} of two or more students could share a para; no student needs one-to-one support.`,
    );

    // A section per block, in the day's order, headed with its time and
    // saying its counts.
    assert.deepEqual(
      await sections.locator('h2').allTextContents(),
      needs.blocks.map((block) => `${block.start}–${block.end}`),
    );
    assert.deepEqual(await sections.locator('.needs-counts').allTextContents(), needs.blocks.map((block) => countsSentence(block.counts)));

    // Every block's groups: the room and what the adult needs, the students
    // and the paras who may support them. The demo's Tuesday has groups in
    // every block.
    const shown = await readGroups(sections);
    const withGroups = needs.blocks.filter((block) => block.groups.length > 0);
    assert.ok(withGroups.length >= 2);
    for (const [index, block] of needs.blocks.entries()) {
      const time = `${block.start}–${block.end}`;
      assert.deepEqual(
        shown[index].map((group) => [group.room, group.students, group.paras]),
        block.groups.map((group) => [group.room.name, group.students.map((student) => student.name), parasSentence(group.qualified_paras)]),
        `the groups at ${time}`,
      );
      for (const [place, group] of block.groups.entries()) {
        assert.deepEqual(group.credentials, [], 'the demo asks no credential of the adult (see the next test)');
        assert.equal(shown[index][place].need, needSentence(group), `what the adult needs in ${group.room.name} at ${time}`);
        // Two or more students with the same need in the same room could share a para.
        assert.equal(shown[index][place].share, group.students.length > 1 ? `These ${group.students.length} students could share a para.` : null);
      }
    }
    assert.ok(
      shown.flat().some((group) => group.share !== null),
      'a group of two or more is said to be able to share a para',
    );

    // A group no para at work may support is flagged in words and drawn
    // apart from the others (a thicker border), not by colour alone.
    const flagged = page.locator('li.needs-unsupported').first();
    await flagged.waitFor();
    assert.equal(await flagged.locator('.needs-paras').textContent(), 'Problem: no para at work may support them.');
    assert.equal(await flagged.locator('.needs-paras strong').textContent(), 'Problem:');
    const borders = await page.locator('li.needs-group').evaluateAll((items) =>
      items.map((item) => ({ flagged: item.classList.contains('needs-unsupported'), width: getComputedStyle(item).borderTopWidth })),
    );
    const widths = (flag) => new Set(borders.filter((item) => item.flagged === flag).map((item) => item.width));
    assert.notDeepEqual(widths(true), widths(false), 'a flagged group has a border of another width');
    assert.equal(
      await page.locator('li.needs-unsupported').count(),
      needs.blocks.flatMap((block) => block.groups).filter((group) => group.qualified_paras === 0).length,
    );

    // Back to the board for the same day.
    const back = page.getByRole('link', { name: 'Back to the schedule board for this day' });
    assert.equal(await back.getAttribute('href'), `/schedule?school=${schoolId}&date=${date}`);

    await expectAccessible(page, "the students' needs by block");
    await page.setViewportSize(PHONE);
    await expectAccessible(page, "the students' needs by block on a phone");
    await expectReflow(page, "the students' needs by block");

    await back.click();
    await page.getByRole('heading', { name: 'Schedule board', level: 1 }).waitFor();
    assert.equal(new URL(page.url()).search, `?school=${schoolId}&date=${date}`);
    await browser.close();
  });

  test('a_one_to_one_student_and_a_block_where_nobody_needs_an_adult_are_said_as_such', async () => {
    const { browser, page, schoolId } = await coordinatorSignedIn(stack);
    const date = dayOfWeek(0, 2);
    // The demo has neither: the server's answer is changed so that the
    // first block's first group is a one-to-one student (with a health
    // procedure and a credential asked of the adult, and one the
    // coordinator may not see), and the last block has nobody who needs an adult.
    let changed;
    await page.route(`**/api/v1/schools/${schoolId}/needs?*`, async (route) => {
      const response = await route.fetch();
      changed = await response.json();
      const first = changed.blocks[0];
      const alone = first.groups[0];
      first.groups[0] = { ...alone, one_to_one: true, safety: true, skill_names: ['personal care'], credentials: ['cpr_first_aid'], credential_names: ['CPR and first aid certification'], students: [{ name: 'A student' }] };
      const last = changed.blocks[changed.blocks.length - 1];
      last.counts = { ...last.counts, independent: last.counts.independent + last.counts.adult_support, adult_support: 0 };
      last.groups = [];
      await route.fulfill({ response, json: changed });
    });
    await page.goto(`/schedule/needs?school=${schoolId}&date=${date}`);
    await page.getByRole('heading', { name: `Students' needs on ${longDate(date, { weekday: true })}`, level: 1 }).waitFor();
    const sections = page.locator('section.needs-block');
    await sections.first().waitFor({ timeout: 30000 });
    assert.match(await page.locator('.needs-summary').textContent(), /; 1 student needs one-to-one support\.$/);

    const first = sections.first().locator('li.needs-group').first();
    assert.equal(await first.locator('.needs-room').textContent(), `${changed.blocks[0].groups[0].room.name}: One-to-one support with personal care, by an adult holding CPR and first aid certification.`);
    assert.deepEqual(await first.locator('.needs-students li').allTextContents(), ['A student']);
    assert.equal(await first.locator('.needs-share').count(), 0, 'a one-to-one student shares no para');

    const last = sections.last();
    await last.getByText('Nobody needs an adult in this block.', { exact: true }).waitFor();
    assert.equal(await last.locator('li.needs-group').count(), 0);
    assert.match(await last.locator('.needs-counts').textContent(), /: 0 need an adult, /);
    await expectAccessible(page, 'a one-to-one student and a block where nobody needs an adult');
    await browser.close();
  });

  test('a_day_without_blocks_says_so_and_the_board_without_a_schedule_links_the_needs', async () => {
    const { browser, page, schoolId } = await coordinatorSignedIn(stack);
    // Three weeks ahead the demo has no schedule, and Saturday no blocks.
    const monday = dayOfWeek(3, 0);
    await page.goto(`/schedule?school=${schoolId}&date=${monday}`);
    await page.getByText('No schedule for this day yet.').waitFor({ timeout: 30000 });
    const link = page.getByRole('link', { name: "Students' needs by block", exact: true });
    assert.equal(await link.getAttribute('href'), `/schedule/needs?school=${schoolId}&date=${monday}`);

    const saturday = dayOfWeek(3, 5);
    await page.goto(`/schedule/needs?school=${schoolId}&date=${saturday}`);
    await page.getByRole('heading', { name: `Students' needs on ${longDate(saturday, { weekday: true })}`, level: 1 }).waitFor();
    await page.getByText(/^No blocks on this day at .+\.$/).waitFor({ timeout: 30000 });
    assert.equal(await page.locator('section.needs-block').count(), 0);

    // The day picker moves to another day, in the address too.
    await page.getByLabel('Day').fill(monday);
    await page.getByRole('heading', { name: `Students' needs on ${longDate(monday, { weekday: true })}`, level: 1 }).waitFor();
    await page.locator('section.needs-block').first().waitFor({ timeout: 30000 });
    assert.equal(new URL(page.url()).search, `?school=${schoolId}&date=${monday}`);
    await expectAccessible(page, 'a day without blocks');
    await expectReflow(page, 'a day without blocks');
    await browser.close();
  });

  test('a_para_opening_the_needs_by_block_is_told_whose_page_it_is', async () => {
    assert.equal(await paraToldWhosePage(stack, `/schedule/needs?date=${dayOfWeek(0, 1)}`, "Students' needs by block", 'section.needs-block'), 0);
  });
});

// Each block's groups as the page shows them: the room, what the adult
// needs, the students, whether they could share a para, and the paras who
// may support them.
async function readGroups(sections) {
  return sections.evaluateAll((all) =>
    all.map((section) =>
      [...section.querySelectorAll('li.needs-group')].map((item) => ({
        room: item.querySelector('.needs-room strong').textContent,
        need: item.querySelector('.needs-room').textContent.replace(/^[^:]*: /, ''),
        students: [...item.querySelectorAll('.needs-students li')].map((student) => student.textContent),
        share: item.querySelector('.needs-share')?.textContent ?? null,
        paras: item.querySelector('.needs-paras').textContent,
      })),
    ),
  );
}
