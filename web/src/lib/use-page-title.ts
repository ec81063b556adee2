import { useEffect } from 'react';

/** Sets the tab's title, so history and bookmarks say which page it was. */
export function usePageTitle(title: string): void {
  useEffect(() => {
    document.title = title ? `${title} · Charter` : 'Charter';
  }, [title]);
}
