// A search page for the clinic's research library built from InstantSearch.js widgets, talking to
// Kestrel through @meilisearch/instant-meilisearch, exactly as it would talk to Meilisearch.
import { instantMeiliSearch } from '@meilisearch/instant-meilisearch';

const host = new URLSearchParams(location.search).get('kestrel') ||
  document.querySelector('meta[name="kestrel-host"]').content;

// Kestrel needs no API key: search is public and read-only.
const { searchClient } = instantMeiliSearch(host, '', {
  finitePagination: true,
  meiliSearchParams: {
    // The list shows a passage around the match, not whole articles.
    attributesToRetrieve: ['id', 'title', 'url', 'source', 'published', 'condition', 'route'],
    attributesToHighlight: ['title', 'text'],
    attributesToCrop: ['text'],
    cropLength: 30,
    cropMarker: '…',
  },
});

const { configure, searchBox, hits, refinementList, rangeInput, pagination, sortBy, stats, clearRefinements } =
  instantsearch.widgets;

const search = instantsearch({
  indexName: 'articles',
  searchClient,
  routing: true,
  future: { preserveSharedStateOnUnmount: true },
});

search.addWidgets([
  configure({ hitsPerPage: 8 }),
  searchBox({ container: '#searchbox', placeholder: 'Search the research library' }),
  clearRefinements({ container: '#clear' }),
  refinementList({ container: '#condition', attribute: 'condition', searchable: true, limit: 12 }),
  refinementList({ container: '#route', attribute: 'route' }),
  refinementList({ container: '#source', attribute: 'source', searchable: true }),
  rangeInput({ container: '#published', attribute: 'published' }),
  stats({ container: '#stats' }),
  sortBy({
    container: '#sort',
    items: [
      { label: 'Most relevant', value: 'articles' },
      { label: 'Newest first', value: 'articles:published:desc' },
      { label: 'Oldest first', value: 'articles:published:asc' },
    ],
  }),
  hits({
    container: '#hits',
    templates: {
      item: (hit, { html, components }) => html`
        <article data-id="${hit.id}">
          <h3 class="hit-title">
            ${hit.url ? html`<a href="${hit.url}">${components.Highlight({ hit, attribute: 'title' })}</a>`
                      : components.Highlight({ hit, attribute: 'title' })}
          </h3>
          <p class="hit-meta">${[hit.source, hit.published, (hit.condition || []).join(', ')].filter(Boolean).join(' · ')}</p>
          <p class="hit-text">${components.Snippet({ hit, attribute: 'text' })}</p>
        </article>`,
      empty: (results, { html }) => html`<p>No articles match “${results.query}”.</p>`,
    },
  }),
  pagination({ container: '#pagination' }),
]);

search.start();
