/** A screen's main heading. It takes focus when the screen appears, so keyboard and screen-reader users land on the new screen. */
import { useEffect, useRef, type ReactNode } from 'react';

export function ScreenHeading({ children, intro }: { children: ReactNode; intro?: ReactNode }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    ref.current?.focus({ preventScroll: false });
  }, []);
  return (
    <header className="screen-header">
      <h1 ref={ref} tabIndex={-1} className="screen-title">
        {children}
      </h1>
      {intro ? <p className="screen-intro">{intro}</p> : null}
    </header>
  );
}
