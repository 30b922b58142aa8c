// A search that picks one of many (a student among a school's hundreds): a
// text box where part of a name or an id is typed, and a short list of the
// matches to pick from, as the WAI-ARIA combobox pattern has it (an editable
// combobox with a list popup and no automatic selection). A native select of
// hundreds is unusable on a phone, and a datalist's options are not announced
// consistently.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { FieldControl } from './components';
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

// At most this many matches are listed: the rest are reached by typing more.
export const SHOWN = 8;

// Said once the typing pauses, so a screen reader is not interrupted at every letter.
const PAUSE_MS = 400;

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

// What a screen reader is told of the matches, once the typing pauses.
function countSaid(count: number, noun: Noun, query: string): string {
  if (count === 0) return noneFound(noun, query);
  const matches = count === 1 ? `1 ${noun.one} matches` : `${count} ${noun.many} match`;
  const listed = count > SHOWN ? `: the first ${SHOWN} are listed, type more to narrow them` : '';
  return `${matches}${listed}. Up and Down arrows to choose, Enter to pick.`;
}

// The search box, for a Field to hold: `control` ties it to the field's
// label, hint and error. `value` is the id picked (0 for none); typing after
// a pick takes the pick back, and a value changed from outside (0 after the
// form is sent) shows in the box.
export function Combobox<T extends Choice>({
  control,
  choices,
  value,
  noun,
  onChange,
}: {
  control: FieldControl;
  choices: T[];
  value: number;
  noun: Noun;
  onChange: (id: number) => void;
}) {
  const [text, setText] = useState(() => choices.find((choice) => choice.id === value)?.label ?? '');
  const [open, setOpen] = useState(false);
  // The option the arrow keys are on, as an index into `shown`; -1 for none.
  const [active, setActive] = useState(-1);
  const list = useRef<HTMLUListElement>(null);
  const pause = useRef<number | undefined>(undefined);
  // The last id this box reported, to tell its own changes from the form's.
  const reported = useRef(value);

  useEffect(() => {
    if (value === reported.current) return;
    reported.current = value;
    setText(choices.find((choice) => choice.id === value)?.label ?? '');
  }, [value]);
  useEffect(() => () => window.clearTimeout(pause.current), []);
  useEffect(() => {
    if (active >= 0) list.current?.children[active]?.scrollIntoView({ block: 'nearest' });
  }, [active]);

  // With a pick shown in the box, the list offers those of the same name.
  const picked = choices.find((choice) => choice.id === value);
  const found = matching(choices, picked && text === picked.label ? picked.name : text);
  const shown = found.slice(0, SHOWN);
  const expanded = open && shown.length > 0;
  const listId = `${control.id}-list`;
  const optionId = (choice: T) => `${control.id}-option-${choice.id}`;

  const report = (id: number) => {
    reported.current = id;
    if (id !== value) onChange(id);
  };
  const pick = (choice: T) => {
    setText(choice.label);
    setOpen(false);
    setActive(-1);
    window.clearTimeout(pause.current);
    report(choice.id);
  };
  const type = (typed: string) => {
    setText(typed);
    setOpen(typed.trim() !== '');
    setActive(-1);
    report(0);
    window.clearTimeout(pause.current);
    if (typed.trim() !== '') pause.current = window.setTimeout(() => announce(countSaid(matching(choices, typed).length, noun, typed)), PAUSE_MS);
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
        <ul id={listId} ref={list} role="listbox" aria-label={`Matching ${noun.many}`}>
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
        {found.length > SHOWN && (
          <p class="combobox-more" aria-hidden="true">
            {found.length - SHOWN} more: type more to narrow them.
          </p>
        )}
      </div>
      {open && text.trim() !== '' && found.length === 0 && (
        <p class="combobox-none" aria-hidden="true">
          {noneFound(noun, text)}
        </p>
      )}
    </div>
  );
}
