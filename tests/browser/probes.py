"""Scripts run inside a page to read what a reader would see; each returns plain data for Python to judge."""

# Every badge in the content: its level, words, box and style. Argument: {level id: label}.
BADGES = """(labels) => {
  const out = {badges: 0, problems: [], scrollWidth: document.documentElement.scrollWidth};
  for (const a of document.querySelectorAll('.md-content a.claim-badge')) {
    out.badges += 1;
    const level = [...a.classList].find(c => c.startsWith('claim-badge--')).slice('claim-badge--'.length);
    const box = a.getBoundingClientRect();
    const style = getComputedStyle(a);
    const text = a.innerText.replace(/\\s+/g, ' ').trim();
    const where = a.getAttribute('href');
    if (!labels[level]) out.problems.push(`${where}: unknown level ${level}`);
    else if (!text.includes(labels[level])) out.problems.push(`${where}: text "${text}" lacks "${labels[level]}"`);
    if (box.width < 20 || box.height < 10 || style.visibility !== 'visible' || style.display === 'none'
        || parseFloat(style.opacity) < 1) out.problems.push(`${where}: not visible (${box.width}x${box.height})`);
    if (box.left < 0 || box.right > window.innerWidth + 0.5)
      out.problems.push(`${where}: outside the screen (${box.left}..${box.right})`);
    if (parseFloat(style.fontSize) < 12) out.problems.push(`${where}: text too small (${style.fontSize})`);
  }
  return out;
}"""

# The distinct claims in the content (outside the profile) and what the evidence profile says about them.
PROFILE = """() => {
  const content = document.querySelector('.md-content');
  const claims = {};
  for (const el of content.querySelectorAll('.claim[data-claim]')) {
    if (!el.closest('.evidence-profile')) claims[el.dataset.claim] = el.dataset.level;
  }
  const profile = content.querySelector('.evidence-profile');
  if (!profile) return {claims, profile: false};
  const counts = {};
  for (const li of profile.querySelectorAll('.evidence-profile__count')) {
    counts[li.dataset.level] = {count: Number(li.dataset.count), text: li.innerText.replace(/\\s+/g, ' ').trim()};
  }
  const segments = [...profile.querySelectorAll('.evidence-profile__segment')].map(
    s => [...s.classList].find(c => c.startsWith('evidence-profile__segment--')).slice('evidence-profile__segment--'.length));
  const h1 = content.querySelector('h1');
  const title = profile.querySelector('.evidence-profile__title');
  return {claims, profile: true, counts, segments, title: title ? title.innerText : '',
          afterH1: !!h1 && (h1.compareDocumentPosition(profile) & Node.DOCUMENT_POSITION_FOLLOWING) > 0,
          visible: profile.getBoundingClientRect().height > 0};
}"""

# Whether the page links to the legend ("How to read the labels" on the register page).
LEGEND_LINK = """() => [...document.querySelectorAll('a[href]')].some(
  a => new URL(a.href).pathname.endsWith('/register/') && a.hash === '#how-to-read-the-labels')"""

# The register entries a reader can see now.
VISIBLE_ENTRIES = """() => [...document.querySelectorAll('.claim-entry')]
  .filter(e => e.getClientRects().length > 0)
  .map(e => ({id: e.id, level: e.dataset.level, pages: (e.dataset.pages || '').split(/\\s+/).filter(Boolean)}))"""

# On the register's index: per level (h3#level-LEVEL), its link to the level page and any "none" line beside it.
INDEX_LEVELS = """() => [...document.querySelectorAll('.md-content h3[id^="level-"]')].map(h => {
  const out = {level: h.id.slice('level-'.length), link: null, none: ''};
  for (let node = h.nextElementSibling; node && !/^H[1-3]$/.test(node.tagName); node = node.nextElementSibling) {
    for (const a of node.querySelectorAll('a[href]:not(.claim-badge)')) {
      if (a.getClientRects().length) out.link = {text: a.innerText.trim(), href: a.href};
    }
    for (const s of node.querySelectorAll('.register-filter__none')) {
      if (s.getClientRects().length) out.none = s.innerText.trim();
    }
  }
  return out;
})"""

# The page's cumulative layout shift so far (shifts right after input excluded), as the browser reports it.
LAYOUT_SHIFT = """() => new Promise(resolve => {
  let total = 0;
  new PerformanceObserver(list => {
    for (const e of list.getEntries()) if (!e.hadRecentInput) total += e.value;
  }).observe({type: 'layout-shift', buffered: true});
  requestAnimationFrame(() => setTimeout(() => resolve(total), 0));
})"""
