/** A code's name with its colour as a swatch (the name always carries the meaning, never the colour alone). */
export function CodeChip({ name, colour, small }: { name: string; colour: string; small?: boolean }) {
  return (
    <span className={small ? 'code-chip small' : 'code-chip'}>
      <span className="code-swatch" style={{ background: colour }} aria-hidden="true" />
      <span className="code-chip-name">{name}</span>
    </span>
  );
}
