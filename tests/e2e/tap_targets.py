"""Tap targets of at least 44 x 44 CSS px, counted the way WCAG 2.5.5 (AAA) counts them.

Used by test_menu_pages_fit_a_phone.py. Each visible interactive element is measured by its own
box (getBoundingClientRect), so padding and min-height count: button, input (a checkbox or radio by
its label, since tapping the label toggles it), select, textarea, summary, a[role=button] and
standalone links. Exempt, as WCAG is: a link inline in a sentence or block of text (its line holds
other text), and what the browser sizes itself (the date picker's parts live in its shadow DOM and
are never selected here).
"""

MIN_TARGET = 44

TAP_TARGETS_JS = """(minSize) => {
    const INLINE = new Set(["inline", "contents"]);
    // A visually hidden element (skip link, .visually-hidden) is 1 px and clipped: no target.
    const shown = el => {
        const box = el.getBoundingClientRect();
        return box.width > 1 && box.height > 1 && el.checkVisibility({visibilityProperty: true});
    };
    const isInline = el => INLINE.has(getComputedStyle(el).display);
    // Text sharing the link's lines: text nodes of its nearest block ancestor, walking through
    // inline elements but not into blocks (a card's heading is not the link's sentence).
    const inlineInText = link => {
        let block = link.parentElement;
        while (block && isInline(block)) block = block.parentElement;
        if (!block) return false;
        const walk = node => {
            for (const child of node.childNodes) {
                if (child === link) continue;
                if (child.nodeType === Node.TEXT_NODE) {
                    if (child.textContent.trim()) return true;
                } else if (child.nodeType === Node.ELEMENT_NODE && isInline(child)) {
                    if (shown(child) && walk(child)) return true;
                }
            }
            return false;
        };
        return walk(block);
    };
    const describe = el => {
        let name = el.tagName.toLowerCase();
        if (el.id) name += "#" + el.id;
        if (el.type && el.tagName === "INPUT") name += "[type=" + el.type + "]";
        if (el.getAttribute("role")) name += "[role=" + el.getAttribute("role") + "]";
        if (el.classList.length) name += "." + [...el.classList].join(".");
        const parent = el.parentElement;
        const where = parent ? parent.tagName.toLowerCase() +
            (parent.classList.length ? "." + [...parent.classList].join(".") : "") + " > " : "";
        const text = (el.innerText || el.value || el.name || "").trim().replace(/\\s+/g, " ");
        return where + name + (text ? ' "' + text.slice(0, 30) + '"' : "");
    };
    const small = [];
    const measured = new Set();
    const check = el => {
        if (measured.has(el) || !shown(el)) return;
        measured.add(el);
        const box = el.getBoundingClientRect();
        if (box.width < minSize - 0.5 || box.height < minSize - 0.5) {
            small.push([describe(el), Math.round(box.width) + "x" + Math.round(box.height)]);
        }
    };
    // Open every <details> (the menu, the filters) so what is folded away is measured too.
    const folded = [...document.querySelectorAll("details:not([open])")];
    folded.forEach(details => { details.open = true; });
    const selector = "button, input:not([type=hidden]), select, textarea, summary, " +
        "a[href], a[role=button]";
    for (const el of document.querySelectorAll(selector)) {
        if (el.tagName === "INPUT" && (el.type === "checkbox" || el.type === "radio")) {
            const label = el.closest("label") ||
                (el.id && document.querySelector(`label[for="${el.id}"]`));
            check(label && shown(label) ? label : el);
        } else if (el.tagName === "A" && el.getAttribute("role") !== "button" && inlineInText(el)) {
            continue;
        } else {
            check(el);
        }
    }
    folded.forEach(details => { details.open = false; });
    return small;
}"""


def small_tap_targets(page) -> list[tuple[str, str]]:
    """(description, width x height) of each target on the page under 44 x 44 CSS px."""
    return [tuple(target) for target in page.evaluate(TAP_TARGETS_JS, MIN_TARGET)]
