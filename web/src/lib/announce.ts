// Status messages for screen readers (WCAG 4.1.3). The app shell renders two
// live regions; pages call announce() instead of owning regions of their own,
// so a message is spoken once even when the page re-renders.
type Politeness = 'polite' | 'assertive';
type Listener = (text: string, politeness: Politeness) => void;

let listener: Listener | null = null;

export function setAnnouncer(next: Listener | null): void {
  listener = next;
}

export function announce(text: string, politeness: Politeness = 'polite'): void {
  listener?.(text, politeness);
}
