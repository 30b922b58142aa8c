// A search that picks one of many (a student among a school's hundreds): a
// text box where part of a name or an id is typed, and a short list of the
// matches to pick from, as the WAI-ARIA combobox pattern has it (an editable
// combobox with a list popup and no automatic selection). A native select of
// hundreds is unusable on a phone, and a datalist's options are not announced
// consistently. The choices are either a list in the page or a search the
// server answers as the person types, so that only the students found are read.
import { useEffect, useRef, useState } from 'preact/hooks';
import { type FieldControl, describeError, sentence } from './components';
import { announce } from './lib/announce';

// One thing the search can pick: its id, the name it is found by, and the
// words it is listed by (the name with what tells it apart, as a grade).
export interface Choice {
  id: number;
  name: string;
  label: string;
}

// How the matches are counted aloud: "student", "students".
export interface Noun {
  one: string;
  many: string;
}

// What a search answers for the words typed: the choices that have them, and
// whether it has more than it answered (a search answers only a few).
export interface Found<T> {
  choices: T[];
  more: boolean;
}

// A search the server answers: it must find by the same rule as matching().
export type Search<T> = (query: string) => Promise<Found<T>>;

// At most this many matches are listed: the rest are reached by typing more.
export const SHOWN = 8;

// Said once the typing pauses, so a screen reader is not interrupted at every letter.
const PAUSE_MS = 400;

// The server is asked once the typing pauses this long, not at every letter.
const SEARCH_PAUSE_MS = 250;

// Lower case and without accents, so "jose" finds "José".
function folded(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
}

// The choices that have every word typed in their name or their id, the
// best first: the one whose id was typed, then those with a word of the name
// that starts with the first word typed, then the rest, each group in the
// order given.
export function matching<T extends Choice>(choices: T[], query: string): T[] {
  const typed = folded(query).split(/[\s,]+/).filter(Boolean);
  if (typed.length === 0) return choices;
  const rank = (choice: T) => {
    if (typed.length === 1 && String(choice.id) === typed[0]) return 0;
    return folded(choice.name).split(/[\s,]+/).some((word) => word.startsWith(typed[0])) ? 1 : 2;
  };
  return choices
    .map((choice) => ({ choice, text: `${folded(choice.name)} ${choice.id}` }))
    .filter(({ text }) => typed.every((word) => text.includes(word)))
    .map(({ choice }) => ({ choice, rank: rank(choice) }))
    .sort((a, b) => a.rank - b.rank)
    .map(({ choice }) => choice);
}

// Shown under the box, and said, when nothing matches what is typed.
function noneFound(noun: Noun, query: string): string {
  return `No ${noun.one} has “${query.trim()}” in their name or id.`;
}

// What a screen reader is told of the matches, once the typing pauses. With
// `more`, the search answered only `count` of them: the count is not exact.
function countSaid(count: number, more: boolean, noun: Noun, query: string): string {
  if (count === 0) return noneFound(noun, query);
  if (more) return `More than ${count} ${noun.many} match: the first ${SHOWN} are listed, type more to narrow them. Up and Down arrows to choose, Enter to pick.`;
  const matches = count === 1 ? `1 ${noun.one} matches` : `${count} ${noun.many} match`;
  const listed = count > SHOWN ? `: the first ${SHOWN} are listed, type more to narrow them` : '';
  return `${matches}${listed}. Up and Down arrows to choose, Enter to pick.`;
}

// The search box, for a Field to hold: `control` ties it to the field's
// label, hint and error. `choices` is the list to search in the page, or a
// search to ask as the typing pauses. `value` is the choice picked (null for
// none); typing after a pick takes the pick back, and a value changed from
// outside (null after the form is sent) shows in the box.
export function Combobox<T extends Choice>({
  control,
  choices,
  value,
  noun,
  onChange,
}: {
  control: FieldControl;
  choices: T[] | Search<T>;
  value: T | null;
  noun: Noun;
  onChange: (choice: T | null) => void;
}) {
  const [text, setText] = useState(() => value?.label ?? '');
  const [open, setOpen] = useState(false);
  // The option the arrow keys are on, as an index into `shown`; -1 for none.
  const [active, setActive] = useState(-1);
  // The search's answer to what was typed last, and whether an answer is
  // still awaited (asked, or to be asked once the typing pauses).
  const [answer, setAnswer] = useState<(Found<T> & { query: string }) | null>(null);
  const [waiting, setWaiting] = useState(false);
  // Why the last search failed, in words; '' when it did not.
  const [failure, setFailure] = useState('');
  const list = useRef<HTMLUListElement>(null);
  const pause = useRef<number | undefined>(undefined);
  // Counts the searches begun (a pick or a change from outside ends them):
  // an answer to any but the latest is stale, and never shown over a newer one.
  const latest = useRef(0);
  // The last choice this box reported, to tell its own changes from the form's.
  const reported = useRef(value?.id ?? 0);

  useEffect(() => {
    if ((value?.id ?? 0) === reported.current) return;
    reported.current = value?.id ?? 0;
    setText(value?.label ?? '');
    setAnswer(null);
    forget();
  }, [value]);
  useEffect(() => forget, []);
  useEffect(() => {
    if (active >= 0) list.current?.children[active]?.scrollIntoView({ block: 'nearest' });
  }, [active]);

  // With a pick shown in the box, the list offers those of the same name.
  // While a search is awaited, the last answer's matches of what is typed
  // stay listed; what is said and the count under the list wait for it.
  const query = value && text === value.label ? value.name : text;
  const found = matching(Array.isArray(choices) ? choices : (answer?.choices ?? []), query);
  // Whether the matches are all there is to say of what the box shows: the
  // list's, or the search's answer to just that.
  const settled = Array.isArray(choices) || (!waiting && answer?.query === text);
  const more = settled && answer !== null && answer.more;
  const shown = found.slice(0, SHOWN);
  const expanded = open && shown.length > 0;
  const listId = `${control.id}-list`;
  const optionId = (choice: T) => `${control.id}-option-${choice.id}`;

  // Stops the pause's timer and makes any answer on its way stale.
  function forget() {
    window.clearTimeout(pause.current);
    latest.current += 1;
    setWaiting(false);
  }

  async function ask(search: Search<T>, typed: string, asked: number) {
    try {
      const answered = await search(typed);
      if (asked !== latest.current) return;
      setAnswer({ ...answered, query: typed });
      announce(countSaid(matching(answered.choices, typed).length, answered.more, noun, typed));
    } catch (error) {
      if (asked !== latest.current) return;
      // Said, not left as an empty list; typing again asks again.
      const said = `Could not search the ${noun.many}: ${sentence(describeError(error))}`;
      setAnswer(null);
      setFailure(said);
      announce(said);
    } finally {
      if (asked === latest.current) setWaiting(false);
    }
  }

  const report = (choice: T | null) => {
    reported.current = choice?.id ?? 0;
    if ((choice?.id ?? 0) !== (value?.id ?? 0)) onChange(choice);
  };
  const pick = (choice: T) => {
    setText(choice.label);
    setOpen(false);
    setActive(-1);
    forget();
    report(choice);
  };
  const type = (typed: string) => {
    setText(typed);
    setOpen(typed.trim() !== '');
    setActive(-1);
    report(null);
    forget();
    setFailure('');
    if (typed.trim() === '') {
      setAnswer(null);
      return;
    }
    if (Array.isArray(choices)) {
      pause.current = window.setTimeout(() => announce(countSaid(matching(choices, typed).length, false, noun, typed)), PAUSE_MS);
      return;
    }
    const asked = latest.current;
    setWaiting(true);
    pause.current = window.setTimeout(() => void ask(choices, typed, asked), SEARCH_PAUSE_MS);
  };

  function onKeyDown(event: KeyboardEvent) {
    const last = shown.length - 1;
    switch (event.key) {
      case 'ArrowDown':
        event.preventDefault();
        if (!expanded) {
          setOpen(true);
          setActive(event.altKey ? -1 : 0);
        } else {
          setActive(active >= last ? 0 : active + 1);
        }
        return;
      case 'ArrowUp':
        event.preventDefault();
        setOpen(true);
        setActive(!expanded || active <= 0 ? last : active - 1);
        return;
      case 'Enter':
        // Picks the option the arrows are on; with none, Enter sends the form.
        if (expanded && active >= 0) {
          event.preventDefault();
          pick(shown[active]);
        }
        return;
      case 'Escape':
        // Closes the list; with the list closed, clears the box.
        if (expanded) {
          event.preventDefault();
          setOpen(false);
          setActive(-1);
        } else if (text) {
          event.preventDefault();
          type('');
        }
        return;
    }
  }

  return (
    <div class="combobox">
      <input
        {...control}
        type="text"
        role="combobox"
        autocomplete="off"
        autocapitalize="off"
        spellcheck={false}
        aria-autocomplete="list"
        aria-expanded={expanded ? 'true' : 'false'}
        aria-controls={listId}
        aria-activedescendant={expanded && active >= 0 ? optionId(shown[active]) : undefined}
        value={text}
        onInput={(event) => type(event.currentTarget.value)}
        onKeyDown={onKeyDown}
        onBlur={() => {
          setOpen(false);
          setActive(-1);
        }}
      />
      <div class="combobox-popup" hidden={!expanded}>
        {/* Busy while the search is asked: the matches listed are the last answer's. */}
        <ul id={listId} ref={list} role="listbox" aria-label={`Matching ${noun.many}`} aria-busy={waiting ? 'true' : undefined}>
          {expanded &&
            shown.map((choice, index) => (
              <li
                key={choice.id}
                id={optionId(choice)}
                role="option"
                aria-selected={index === active ? 'true' : 'false'}
                // The box keeps focus while a pointer picks.
                onMouseDown={(event) => event.preventDefault()}
                onClick={() => pick(choice)}
              >
                {choice.label} <span class="meta">· id {choice.id}</span>
              </li>
            ))}
        </ul>
        {/* Said by announce() as the typing pauses: shown, not read again. */}
        {more ? (
          <p class="combobox-more" aria-hidden="true">
            More than {answer.choices.length} {noun.many} match: type more to narrow them.
          </p>
        ) : (
          settled &&
          found.length > SHOWN && (
            <p class="combobox-more" aria-hidden="true">
              {found.length - SHOWN} more: type more to narrow them.
            </p>
          )
        )}
      </div>
      {/* Nothing is said until the answer is in, and then by announce(): shown, not read again. */}
      {open && waiting && !expanded && (
        <p class="combobox-none" aria-hidden="true">
          Searching…
        </p>
      )}
      {open && failure !== '' && (
        <p class="combobox-none" aria-hidden="true">
          {failure}
        </p>
      )}
      {open && settled && failure === '' && text.trim() !== '' && found.length === 0 && (
        <p class="combobox-none" aria-hidden="true">
          {noneFound(noun, text)}
        </p>
      )}
    </div>
  );
}
