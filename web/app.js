/* The Kestrel search box: suggestions and results as you type, facets, paging, "did you mean",
   state in the URL. Mounts into every [data-kestrel-search] element, on the clinic's page or,
   through embed.js, on another site (data-api names the server then).
   Everything the server sends is inserted as text; snippets keep only their <mark> elements. */
(function () {
  'use strict';

  var FACETS = [
    { name: 'condition', label: 'Condition' },
    { name: 'study', label: 'Study type' },
    { name: 'route', label: 'Route of administration' },
    { name: 'source', label: 'Source' }
  ];
  // The orders offered (search_page.cpp's kSortLabels, in the same order).
  var SORTS = [['relevance', 'Relevance'], ['date', 'Newest first'], ['evidence', 'Strongest evidence first']];
  var PER_PAGE = 10;
  var MAX_RESULTS = 10000; // the server serves no deeper than this
  var TYPING_DELAY_MS = 200;
  // When typing pauses this long, the query is searched once in full (its last word complete, not
  // a prefix): the search the visitor settled on, which is also what search analytics counts.
  var SETTLE_DELAY_MS = 1200;
  var scriptApi = (document.currentScript && document.currentScript.getAttribute('data-api')) || '';
  var instances = 0;

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function emptyState() {
    var filters = {};
    FACETS.forEach(function (f) { filters[f.name] = []; });
    return { q: '', filters: filters, sort: 'relevance', page: 1, years: null };
  }

  function stateFromQuery(search) {
    var params = new URLSearchParams(search);
    var state = emptyState();
    state.q = params.get('q') || '';
    FACETS.forEach(function (f) { state.filters[f.name] = params.getAll(f.name).filter(Boolean); });
    var sort = params.get('sort');
    state.sort = SORTS.some(function (o) { return o[0] === sort; }) ? sort : 'relevance';
    // A span of years chosen on the chart travels as the API's filter expression.
    var span = /^published >= (\d{4}) AND published <= (\d{4})$/.exec(params.get('filter') || '');
    state.years = span ? { from: +span[1], to: +span[2] } : null;
    var page = parseInt(params.get('page') || '1', 10);
    state.page = page > 0 ? page : 1;
    return state;
  }

  function queryFromState(state, forApi) {
    var params = new URLSearchParams();
    if (state.q) params.set('q', state.q);
    FACETS.forEach(function (f) { state.filters[f.name].forEach(function (v) { params.append(f.name, v); }); });
    if (state.sort !== 'relevance') params.set('sort', state.sort);
    if (state.years) params.set('filter', 'published >= ' + state.years.from + ' AND published <= ' + state.years.to);
    if (state.page > 1) params.set('page', String(state.page));
    if (forApi) params.set('per_page', String(PER_PAGE));
    return params.toString();
  }

  // "randomised controlled trial, 18 participants" (search_json.cpp's study_label).
  function studyLabel(hit) {
    if (!hit.participants) return hit.study;
    return hit.study + ', ' + hit.participants + (hit.participants === 1 ? ' participant' : ' participants');
  }

  // "2018-01-12" -> "12 January 2018"; anything else as it is.
  function formatDate(iso) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || '');
    if (!m) return iso || '';
    var date = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
    return date.toLocaleDateString(undefined, { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' });
  }

  // The server escapes snippets and wraps matches in <mark>; parse without running anything and
  // keep text and <mark> only, so that even a bad snippet cannot inject markup.
  function appendSnippet(target, html) {
    var doc = new DOMParser().parseFromString('<!doctype html><body>' + html, 'text/html');
    doc.body.childNodes.forEach(function (node) {
      if (node.nodeName === 'MARK') target.appendChild(el('mark', null, node.textContent));
      else target.appendChild(document.createTextNode(node.textContent));
    });
  }

  function isWebUrl(url) { return typeof url === 'string' && /^https?:\/\//i.test(url); }

  // An article's title into `target`: a link to the article when it has a web address.
  function appendTitle(target, article) {
    if (!isWebUrl(article.url)) return target.appendChild(document.createTextNode(article.title));
    var link = el('a', null, article.title);
    link.href = article.url;
    link.rel = 'noopener';
    target.appendChild(link);
  }

  // "Source · 12 January 2018", or empty.
  function articleMeta(article) {
    return [article.source, formatDate(article.published)].filter(Boolean).join(' · ');
  }

  function mount(root, options) {
    var api = (options && options.api) || '';
    var syncUrl = !!(options && options.syncUrl);
    var id = 'ks' + (++instances);
    var state = syncUrl ? stateFromQuery(location.search) : emptyState();
    var searchController = null, suggestController = null, yearsController = null, typingTimer = 0, suggestTimer = 0, settleTimer = 0;
    var suggestions = [], activeSuggestion = -1;
    var wideScreen = window.matchMedia('(min-width: 48rem)');
    var openFacets = {};  // panels the visitor opened or closed keep that state across searches

    // The page as the server rendered it (results for browsers without JavaScript) stays until
    // this script's first results replace it in one step: emptying it first made the page jump
    // as the results came back (Lighthouse's cumulative layout shift 0.62 on /?q=ptsd).
    var serverRendered = root.querySelector('.ks-server-rendered');
    if (!serverRendered) root.textContent = '';
    root.classList.add('ks');

    // Search box with an ARIA 1.2 combobox for suggestions.
    var form = el('form', 'ks-searchbar');
    form.setAttribute('role', 'search');
    var label = el('label', null, 'Search the research library');
    label.htmlFor = id + '-q';
    var input = el('input', 'ks-input');
    input.type = 'search';
    input.id = id + '-q';
    input.autocomplete = 'off';
    input.spellcheck = false;
    input.placeholder = 'Try “ketamine for PTSD” or “nasal spray”';
    input.setAttribute('role', 'combobox');
    input.setAttribute('aria-autocomplete', 'list');
    input.setAttribute('aria-expanded', 'false');
    input.setAttribute('aria-controls', id + '-suggestions');
    var list = el('ul', 'ks-suggestions');
    list.id = id + '-suggestions';
    list.setAttribute('role', 'listbox');
    list.setAttribute('aria-label', 'Suggestions');
    list.hidden = true;
    form.append(label, input, list);

    var layout = el('div', 'ks-layout');
    var aside = el('aside', 'ks-facets');
    aside.setAttribute('aria-label', 'Filter results');
    var results = el('section', 'ks-results');
    results.id = root.id ? root.id + '-results' : 'kestrel-results';
    results.setAttribute('aria-label', 'Search results');
    results.tabIndex = -1;
    layout.append(aside, results);

    var toolbar = el('div', 'ks-toolbar');
    var status = el('p', 'ks-status');
    status.setAttribute('role', 'status');
    status.setAttribute('aria-live', 'polite');
    var sortLabel = el('label', null, 'Sort by ');
    var sort = el('select');
    SORTS.forEach(function (o) {
      var option = el('option', null, o[1]);
      option.value = o[0];
      sort.appendChild(option);
    });
    sortLabel.appendChild(sort);
    // "Follow this search": the same search as an Atom feed of its newest articles.
    var follow = el('a', 'ks-follow', 'Follow this search');
    follow.type = 'application/atom+xml';
    toolbar.append(status, follow, sortLabel);
    // Results by year (PubMed's timeline): a bar per year, each a button that filters to it;
    // Shift (or dragging across bars) extends the span.
    var years = el('div', 'ks-years');
    years.hidden = true;
    var messages = el('div');
    var hits = el('ol', 'ks-hits');
    var pager = el('nav', 'ks-pager');
    pager.setAttribute('aria-label', 'Result pages');
    results.append(toolbar, years, messages, hits, pager);
    if (!serverRendered) root.append(form, layout);

    function takeOver() {
      if (!serverRendered) return;
      var typed = serverRendered.querySelector('input[name=q]');
      var focused = typed && document.activeElement === typed;
      if (typed && typed.value !== input.value) input.value = typed.value;
      root.textContent = '';
      root.append(form, layout);
      serverRendered = null;
      if (focused) input.focus();
    }

    function closeSuggestions() {
      list.hidden = true;
      list.textContent = '';
      suggestions = [];
      activeSuggestion = -1;
      input.setAttribute('aria-expanded', 'false');
      input.removeAttribute('aria-activedescendant');
    }

    // A list that comes again (the same prefix asked twice) keeps the keyboard's place: redrawn,
    // it lost the option the arrows were on, and Enter then searched what was typed.
    function showSuggestions(values) {
      var fresh = values.filter(function (v) { return v.toLowerCase() !== input.value.trim().toLowerCase(); });
      var kept = activeSuggestion >= 0 ? suggestions[activeSuggestion] : null;
      if (!list.hidden && fresh.join('\n') === suggestions.join('\n')) return;
      list.textContent = '';
      suggestions = fresh;
      activeSuggestion = -1;
      input.removeAttribute('aria-activedescendant');
      if (!suggestions.length || document.activeElement !== input) return closeSuggestions();
      suggestions.forEach(function (value, i) {
        var item = el('li', null, value);
        item.id = id + '-suggestion-' + i;
        item.setAttribute('role', 'option');
        item.setAttribute('aria-selected', 'false');
        // mousedown, not click: it runs before the input loses focus.
        item.addEventListener('mousedown', function (event) { event.preventDefault(); pickSuggestion(i); });
        list.appendChild(item);
      });
      list.hidden = false;
      input.setAttribute('aria-expanded', 'true');
      if (kept !== null && suggestions.indexOf(kept) >= 0) highlightSuggestion(suggestions.indexOf(kept));
    }

    function highlightSuggestion(index) {
      var items = list.children;
      if (!items.length) return;
      activeSuggestion = (index + items.length) % items.length;
      for (var i = 0; i < items.length; i++) items[i].setAttribute('aria-selected', i === activeSuggestion ? 'true' : 'false');
      input.setAttribute('aria-activedescendant', items[activeSuggestion].id);
    }

    // What typing scheduled (a search as you type, suggestions, the settled search) is moot once
    // the visitor submits or picks a suggestion: left running, the settled search searched the
    // same query again a second later (counted twice, and redrawing the page under the keyboard).
    function cancelTyping() {
      clearTimeout(typingTimer);
      clearTimeout(suggestTimer);
      clearTimeout(settleTimer);
    }

    function pickSuggestion(index) {
      cancelTyping();
      input.value = suggestions[index];
      closeSuggestions();
      commit({ q: input.value.trim(), page: 1 }, 'push');
    }

    function fetchJson(path, controller) {
      return fetch(api + path, { signal: controller.signal, headers: { Accept: 'application/json' } }).then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (body) {
          if (!response.ok) {
            var message = body && body.error && body.error.message ? body.error.message : 'The search is unavailable.';
            throw new Error(message);
          }
          return body;
        });
      });
    }

    function loadSuggestions() {
      var typed = input.value;
      if (suggestController) suggestController.abort();
      if (typed.trim().length < 2) return closeSuggestions();
      suggestController = new AbortController();
      fetchJson('/api/suggest?q=' + encodeURIComponent(typed), suggestController).then(function (body) {
        if (input.value === typed) showSuggestions(body.suggestions || []);
      }).catch(function () { /* suggestions are optional */ });
    }

    // Applies a change and searches; history: 'push' (a step the back button returns to),
    // 'replace' (typing), or 'none' (restoring from history).
    function commit(change, history, prefix) {
      Object.keys(change).forEach(function (k) { state[k] = change[k]; });
      if (syncUrl && history !== 'none') {
        var query = queryFromState(state, false);
        var url = location.pathname + (query ? '?' + query : '');
        if (url !== location.pathname + location.search) {
          window.history[history === 'push' ? 'pushState' : 'replaceState'](null, '', url);
        }
      }
      search(prefix);
    }

    function hasFilters() {
      return !!state.years || FACETS.some(function (f) { return state.filters[f.name].length > 0; });
    }

    function clearFilters() {
      commit({ filters: emptyState().filters, years: null, page: 1 }, 'push');
    }

    function search(prefix) {
      if (searchController) searchController.abort();
      searchController = new AbortController();
      var query = queryFromState(state, true) + (prefix ? '&mode=prefix' : '');
      root.setAttribute('aria-busy', 'true');
      fetchJson('/api/search?' + query, searchController).then(function (body) {
        root.removeAttribute('aria-busy');
        render(body, prefix);
      }).catch(function (error) {
        if (error.name === 'AbortError') return;
        root.removeAttribute('aria-busy');
        renderError(error.message);
      });
    }

    function renderError(message) {
      takeOver();
      hits.textContent = '';
      pager.textContent = '';
      messages.textContent = '';
      messages.appendChild(el('p', 'ks-message', message));
      status.textContent = 'Search failed';
    }

    function renderFacets(facets) {
      // Whatever the keyboard was on in the panel (a facet just ticked, a panel's heading, "Clear
      // all") keeps the focus when the panel is drawn again.
      var focused = document.activeElement;
      var refocus = focused && aside.contains(focused) ? focused.getAttribute('data-focus-key') : null;
      aside.textContent = '';
      var head = el('div', 'ks-facets-head');
      head.appendChild(el('h2', null, 'Filter'));
      if (hasFilters()) {
        var clear = el('button', 'ks-button-link', 'Clear all');
        clear.type = 'button';
        clear.addEventListener('click', clearFilters);
        clear.setAttribute('data-focus-key', 'clear');
        head.appendChild(clear);
      }
      aside.appendChild(head);
      FACETS.forEach(function (facet) {
        var values = (facets && facets[facet.name]) || [];
        if (!values.length) return;
        var details = el('details');
        // On a phone the panels start closed (unless in use), so results are not pushed off screen.
        details.open = wideScreen.matches || state.filters[facet.name].length > 0 || openFacets[facet.name] === true;
        details.addEventListener('toggle', function () { openFacets[facet.name] = details.open; });
        var summary = el('summary', null, facet.label);
        summary.setAttribute('data-focus-key', 'summary:' + facet.name);
        details.appendChild(summary);
        var fieldset = el('fieldset');
        fieldset.appendChild(el('legend', null, facet.label));
        // The server sends a tree, depth first (children after their parent, with "parent" set):
        // children are indented, and a ticked parent shows its branch ticked, since it selects it.
        var parentOf = {};
        values.forEach(function (v) { parentOf[v.value] = v.parent; });
        function ancestors(value) {
          var chain = [];
          for (var p = parentOf[value]; p && chain.length < 16 && chain.indexOf(p) === -1; p = parentOf[p]) chain.push(p);
          return chain;
        }
        values.forEach(function (v, i) {
          var above = ancestors(v.value);
          var depth = above.filter(function (a) { return a in parentOf; }).length;
          var inSelectedBranch = above.some(function (a) { return state.filters[facet.name].indexOf(a) !== -1; });
          var row = el('label', 'ks-facet-option' + (v.count === 0 ? ' ks-empty' : '') + (depth ? ' ks-depth-' + Math.min(depth, 3) : ''));
          var box = el('input');
          box.type = 'checkbox';
          box.name = facet.name;
          box.value = v.value;
          box.id = id + '-' + facet.name + '-' + i;
          box.checked = state.filters[facet.name].indexOf(v.value) !== -1;
          box.setAttribute('data-focus-key', facet.name + ':' + v.value);
          if (inSelectedBranch && !box.checked) {
            box.checked = true;
            box.disabled = true;
            row.title = 'Included in ' + above.filter(function (a) { return state.filters[facet.name].indexOf(a) !== -1; })[0];
          }
          box.addEventListener('change', function () {
            var selected = state.filters[facet.name].filter(function (x) { return x !== v.value; });
            if (box.checked) selected.push(v.value);
            var filters = {};
            FACETS.forEach(function (f) { filters[f.name] = state.filters[f.name]; });
            filters[facet.name] = selected;
            commit({ filters: filters, page: 1 }, 'push');
          });
          row.append(box, el('span', null, v.value), el('span', 'ks-count', v.count));
          fieldset.appendChild(row);
        });
        details.appendChild(fieldset);
        aside.appendChild(details);
      });
      if (refocus) {
        aside.querySelectorAll('[data-focus-key]').forEach(function (control) {
          if (control.getAttribute('data-focus-key') === refocus) control.focus();
        });
      }
    }

    function renderHit(hit) {
      var item = el('li', 'ks-hit');
      var title = el('h3');
      appendTitle(title, hit);
      item.appendChild(title);
      var meta = articleMeta(hit);
      if (meta) item.appendChild(el('p', 'ks-meta', meta));
      if (hit.study) item.appendChild(el('p', 'ks-study', studyLabel(hit)));
      var snippet = el('p', 'ks-snippet');
      if (hit.page) snippet.appendChild(el('span', 'ks-page', 'p. ' + hit.page));
      appendSnippet(snippet, hit.snippet || '');
      item.appendChild(snippet);
      if (hit.pdf) item.appendChild(pdfLink(hit));
      var tags = el('ul', 'ks-tags');
      tags.setAttribute('aria-label', 'Topics');
      (hit.conditions || []).forEach(function (c) { tags.appendChild(el('li', 'ks-tag', c)); });
      (hit.routes || []).forEach(function (r) { tags.appendChild(el('li', 'ks-tag ks-route', r)); });
      if (tags.children.length) item.appendChild(tags);
      item.appendChild(renderRelated(hit));
      item.appendChild(renderCite(hit));
      return item;
    }

    // The PDF, opened at the snippet's page (the #page= open parameter of PDF viewers).
    function pdfLink(hit) {
      var link = el('a', 'ks-pdf', hit.page ? 'PDF, page ' + hit.page : 'PDF');
      link.href = api + hit.pdf + (hit.page ? '#page=' + hit.page : '');
      link.type = 'application/pdf';
      return link;
    }

    function chooseYears(from, to) {
      commit({ years: from === null ? null : { from: Math.min(from, to), to: Math.max(from, to) }, page: 1 }, 'push');
    }

    function renderYears(counts) {
      // The year the keyboard was on keeps the focus when the chart is drawn again.
      var focusedYear = years.contains(document.activeElement) ? document.activeElement.getAttribute('data-year') : null;
      years.textContent = '';
      var chosen = state.years;
      years.hidden = counts.length < 2 && !chosen;
      if (years.hidden) return;
      var head = el('div', 'ks-years-head');
      head.appendChild(el('h2', null, chosen ? 'Published ' + chosen.from + (chosen.to !== chosen.from ? '–' + chosen.to : '') : 'Published, by year'));
      if (chosen) {
        var all = el('button', 'ks-button-link', 'All years');
        all.type = 'button';
        all.addEventListener('click', function () { chooseYears(null); });
        head.appendChild(all);
      }
      years.appendChild(head);
      var byYear = {}, top = 1;
      counts.forEach(function (c) { byYear[c.year] = c.count; top = Math.max(top, c.count); });
      var first = counts.length ? counts[0].year : chosen.from, last = counts.length ? counts[counts.length - 1].year : chosen.to;
      if (last - first > 60) first = last - 60;  // the last sixty years at most
      var bars = el('div', 'ks-year-bars');
      bars.setAttribute('role', 'group');
      bars.setAttribute('aria-label', 'Articles by year of publication: choose a year, Shift to extend');
      var dragFrom = null, dragged = false;
      for (var y = first; y <= last; y++) {
        (function (year) {
          var count = byYear[year] || 0;
          var bar = el('button', 'ks-year');
          bar.type = 'button';
          bar.setAttribute('aria-label', year + ': ' + count + (count === 1 ? ' article' : ' articles'));
          bar.setAttribute('aria-pressed', String(!!chosen && year >= chosen.from && year <= chosen.to));
          bar.title = year + ': ' + count;
          bar.setAttribute('data-year', String(year));
          var fill = el('span', 'ks-year-fill');
          fill.style.height = Math.round(100 * count / top) + '%';
          bar.appendChild(fill);
          bar.addEventListener('pointerdown', function () { dragFrom = year; dragged = false; });
          bar.addEventListener('pointerup', function () {
            if (dragFrom !== null && dragFrom !== year) { dragged = true; chooseYears(dragFrom, year); }
            dragFrom = null;
          });
          bar.addEventListener('click', function (event) {
            if (dragged) { dragged = false; return; }
            if (event.shiftKey && state.years) chooseYears(Math.min(state.years.from, year), Math.max(state.years.to, year));
            else if (state.years && state.years.from === year && state.years.to === year) chooseYears(null);
            else chooseYears(year, year);
          });
          bars.appendChild(bar);
        })(y);
      }
      years.appendChild(bars);
      if (focusedYear) {
        var again = bars.querySelector('[data-year="' + focusedYear + '"]');
        if (again) again.focus();
      }
      var axis = el('div', 'ks-year-axis');
      axis.append(el('span', null, first), el('span', null, last));
      years.appendChild(axis);
    }

    // "Cite": the article as a file a reference manager imports, or its BibTeX copied.
    function renderCite(hit) {
      var box = el('details', 'ks-cite');
      box.appendChild(el('summary', null, 'Cite'));
      var list = el('ul', 'ks-cite-list');
      var base = api + '/api/articles/' + encodeURIComponent(hit.id) + '/cite?format=';
      [['ris', 'RIS (Zotero, EndNote, Mendeley)'], ['bibtex', 'BibTeX'], ['csl-json', 'CSL-JSON']].forEach(function (f) {
        var link = el('a', null, f[1]);
        link.href = base + f[0];
        link.setAttribute('download', '');
        var entry = el('li');
        entry.appendChild(link);
        list.appendChild(entry);
      });
      var copy = el('button', 'ks-button-link', 'Copy BibTeX');
      copy.type = 'button';
      var said = el('span', 'ks-cite-status');
      said.setAttribute('role', 'status');
      copy.addEventListener('click', function () {
        fetch(base + 'bibtex').then(function (response) {
          if (!response.ok) throw new Error('the citation could not be fetched');
          return response.text();
        }).then(function (text) {
          return navigator.clipboard.writeText(text);
        }).then(function () { said.textContent = 'Copied'; })
          .catch(function () { said.textContent = 'Could not copy: use a download link'; });
      });
      var entry = el('li');
      entry.append(copy, said);
      list.appendChild(entry);
      box.appendChild(list);
      return box;
    }

    // "Related research": the articles most like this one, fetched when the visitor opens it.
    function renderRelated(hit) {
      var box = el('div', 'ks-related');
      var toggle = el('button', 'ks-related-toggle', 'Related research');
      toggle.type = 'button';
      toggle.setAttribute('aria-expanded', 'false');
      var list = el('ul', 'ks-related-list');
      list.id = id + '-related-' + hit.id.replace(/[^A-Za-z0-9_-]/g, '_');
      list.hidden = true;
      toggle.setAttribute('aria-controls', list.id);
      var loaded = false;
      toggle.addEventListener('click', function () {
        var open = toggle.getAttribute('aria-expanded') !== 'true';
        toggle.setAttribute('aria-expanded', String(open));
        list.hidden = !open;
        if (!open || loaded) return;
        loaded = true;
        list.appendChild(el('li', 'ks-related-note', 'Loading…'));
        fetchJson('/api/articles/' + encodeURIComponent(hit.id) + '/related?limit=3', new AbortController()).then(function (body) {
          list.textContent = '';
          (body.related || []).forEach(function (r) {
            var entry = el('li');
            appendTitle(entry, r);
            var meta = articleMeta(r);
            if (meta) entry.appendChild(el('span', 'ks-meta', ' — ' + meta));
            list.appendChild(entry);
          });
          if (!list.children.length) list.appendChild(el('li', 'ks-related-note', 'No related articles.'));
        }).catch(function (error) {
          loaded = false;
          list.textContent = '';
          list.appendChild(el('li', 'ks-related-note', error.message));
        });
      });
      box.append(toggle, list);
      return box;
    }

    function renderPager(total) {
      pager.textContent = '';
      var pages = Math.ceil(Math.min(total, MAX_RESULTS) / PER_PAGE);
      if (pages <= 1) return;
      function button(text, page, label, current) {
        var b = el('button', null, text);
        b.type = 'button';
        if (label) b.setAttribute('aria-label', label);
        if (current) b.setAttribute('aria-current', 'page');
        b.disabled = page < 1 || page > pages;
        b.addEventListener('click', function () {
          commit({ page: page }, 'push');
          results.focus();
        });
        pager.appendChild(b);
      }
      button('‹ Previous', state.page - 1, 'Previous page');
      var first = Math.max(1, Math.min(state.page - 2, pages - 4)), last = Math.min(pages, first + 4);
      for (var p = first; p <= last; p++) button(String(p), p, 'Page ' + p, p === state.page);
      button('Next ›', state.page + 1, 'Next page');
    }

    function render(body, prefix) {
      takeOver();
      var feedQuery = queryFromState({ q: state.q, filters: state.filters, years: state.years, sort: 'relevance', page: 1 }, false);
      follow.href = api + '/api/feed' + (feedQuery ? '?' + feedQuery : '');
      messages.textContent = '';
      hits.textContent = '';
      var total = body.total || 0;
      // An estimate (more matches than the engine counts exactly) reads "about 41,000 articles".
      var about = body.exhaustive === false ? 'about ' : '';
      status.textContent = total === 0 ? 'No articles found'
        : about + total.toLocaleString('en') + (total === 1 ? ' article' : ' articles') +
          (state.q ? ' for “' + state.q + '”' : '');
      if (body.corrected_query && !prefix) {
        var didYouMean = el('p', 'ks-message', 'Did you mean ');
        var fix = el('button', 'ks-button-link', body.corrected_query);
        fix.type = 'button';
        fix.addEventListener('click', function () {
          input.value = body.corrected_query;
          commit({ q: body.corrected_query, page: 1 }, 'push');
        });
        didYouMean.append(fix, document.createTextNode('?'));
        messages.appendChild(didYouMean);
      }
      if (body.matched_any_word && total > 0) {
        messages.appendChild(el('p', 'ks-message', 'No article contains all of your words, so these contain some of them.'));
      }
      if (total === 0) {
        var none = el('div', 'ks-message');
        none.appendChild(el('p', null, state.q ? 'No articles match “' + state.q + '”.' : 'No articles match these filters.'));
        var tips = el('p', null, 'Check the spelling, use fewer words, or try a broader term such as “depression” or “ketamine”.');
        none.appendChild(tips);
        if (hasFilters()) {
          var clear = el('button', 'ks-button-link', 'Remove the filters');
          clear.type = 'button';
          clear.addEventListener('click', clearFilters);
          none.appendChild(clear);
        }
        messages.appendChild(none);
        if (state.q) offerAlternatives(none);
      }
      (body.hits || []).forEach(function (hit) { hits.appendChild(renderHit(hit)); });
      renderFacets(body.facets);
      renderPager(total);
      // The chart shows the whole search's years, the chosen span among them, as facets show
      // every value: with a span chosen, they are asked for without it (as a second page, which
      // analytics does not count: the visitor searched once).
      if (!state.years) return renderYears(body.years || []);
      if (yearsController) yearsController.abort();
      yearsController = new AbortController();
      var unspanned = { q: state.q, filters: state.filters, years: null, sort: state.sort, page: 2 };
      fetchJson('/api/search?' + queryFromState(unspanned, true), yearsController).then(function (all) {
        renderYears(all.years || []);
      }).catch(function (error) { if (error.name !== 'AbortError') renderYears([]); });
    }

    // On an empty result, completions of the last word typed are offered as other searches.
    function offerAlternatives(container) {
      var controller = new AbortController();
      var word = state.q.split(/\s+/).pop().slice(0, 4);
      if (word.length < 2) return;
      fetchJson('/api/suggest?q=' + encodeURIComponent(word), controller).then(function (body) {
        var values = (body.suggestions || []).slice(0, 5);
        if (!values.length) return;
        var line = el('p', null, 'Try: ');
        values.forEach(function (value, i) {
          var b = el('button', 'ks-button-link', value);
          b.type = 'button';
          b.addEventListener('click', function () { input.value = value; commit({ q: value, page: 1 }, 'push'); });
          line.appendChild(b);
          if (i < values.length - 1) line.appendChild(document.createTextNode(', '));
        });
        container.appendChild(line);
      }).catch(function () {});
    }

    input.addEventListener('input', function () {
      cancelTyping();
      suggestTimer = setTimeout(loadSuggestions, 80);
      typingTimer = setTimeout(function () { commit({ q: input.value.trim(), page: 1 }, 'replace', true); }, TYPING_DELAY_MS);
      settleTimer = setTimeout(function () {
        if (input.value.trim() && input.value.trim() === state.q) search(false);
      }, SETTLE_DELAY_MS);
    });
    input.addEventListener('keydown', function (event) {
      var open = !list.hidden;
      if (event.key === 'ArrowDown' && open) { event.preventDefault(); highlightSuggestion(activeSuggestion + 1); }
      else if (event.key === 'ArrowUp' && open) { event.preventDefault(); highlightSuggestion(activeSuggestion - 1); }
      else if (event.key === 'Escape' && open) { event.preventDefault(); closeSuggestions(); }
      else if (event.key === 'Enter' && open && activeSuggestion >= 0) { event.preventDefault(); pickSuggestion(activeSuggestion); }
    });
    input.addEventListener('blur', function () { setTimeout(closeSuggestions, 0); });
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      cancelTyping();
      closeSuggestions();
      commit({ q: input.value.trim(), page: 1 }, 'push');
    });
    sort.addEventListener('change', function () { commit({ sort: sort.value, page: 1 }, 'push'); });
    if (syncUrl) {
      window.addEventListener('popstate', function () {
        state = stateFromQuery(location.search);
        input.value = state.q;
        sort.value = state.sort;
        search(false);
      });
    }

    input.value = state.q;
    sort.value = state.sort;
    search(false);
  }

  function mountAll() {
    document.querySelectorAll('[data-kestrel-search]').forEach(function (root) {
      if (root.getAttribute('data-kestrel-mounted')) return;
      root.setAttribute('data-kestrel-mounted', 'true');
      mount(root, { api: root.getAttribute('data-api') || scriptApi, syncUrl: root.getAttribute('data-sync-url') === 'true' });
    });
  }

  window.KestrelSearch = { mount: mount };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', mountAll);
  else mountAll();
})();
