import { useState } from 'react';

/**
 * Paging through a list that the API pages with `after` (the last `_id` seen): the `after` of
 * every page visited is kept, so going back needs nothing from the server.
 */
export function usePages() {
  const [pages, setPages] = useState<(string | undefined)[]>([undefined]);
  return {
    after: pages[pages.length - 1],
    first: pages.length === 1,
    number: pages.length,
    reset: () => setPages([undefined]),
    back: () => setPages(pages.slice(0, -1)),
    forward: (lastId: string) => setPages([...pages, lastId]),
  };
}

export function Pager({
  paging,
  list,
  size,
  labels,
}: {
  paging: ReturnType<typeof usePages>;
  list: { _id: string }[];
  size: number;
  labels: [back: string, forward: string];
}) {
  return (
    <nav aria-label="Pages" className="pager">
      <button type="button" className="secondary" disabled={paging.first} onClick={paging.back}>
        {labels[0]}
      </button>
      <span>Page {paging.number}</span>
      <button type="button" className="secondary" disabled={list.length < size} onClick={() => paging.forward(list[list.length - 1]!._id)}>
        {labels[1]}
      </button>
    </nav>
  );
}
