package limber.pages;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.playwright.Page;

/**
 * What a screen shows, checked the way a reader would see it. Every element with text of its own that is
 * shown (not hidden, not transparent) carries meaning, and its text takes the room of its
 * line boxes. Each must be whole: not cut off or ellipsised by its own box ({@code scrollWidth}/{@code scrollHeight} against the client box) or by an ancestor that clips,
 * inside the viewport, not covered by another element, and not overlapping another such element. Lists in a
 * vertical scroller (the tablet's routines and steps) may scroll: what is scrolled out of view is not cut
 * off, only not shown yet. Text behind an open modal dialog is not checked. If the page shows a countdown
 * ring, its drawn arc (the computed {@code stroke-dashoffset}, which is what the browser paints) must leave
 * the share of the ring that the time left is of the phase, in the frame the page renders for the check.
 */
final class Layout {
    private static final String CHECK = """
            (arg) => {
              const { selector, text } = JSON.parse(arg);
              const whole = !selector && text === undefined;
              // the frame is rendered now, so the ring is read against the time it was drawn for
              const sample = whole && window.limberPage && window.limberPage.sample ? window.limberPage.sample() : null;
              const out = [];
              const union = (a, r) => a ? { left: Math.min(a.left, r.left), top: Math.min(a.top, r.top),
                right: Math.max(a.right, r.right), bottom: Math.max(a.bottom, r.bottom) }
                : { left: r.left, top: r.top, right: r.right, bottom: r.bottom };
              const fmt = (b) => `[${Math.round(b.left)},${Math.round(b.top)} ${Math.round(b.right)},${Math.round(b.bottom)}]`;
              const nameOf = (e) => e.id ? `#${e.id}` : e.tagName.toLowerCase()
                + (typeof e.className === 'string' && e.className.trim() ? '.' + e.className.trim().split(/\\s+/).join('.') : '');
              const shown = (e) => e.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true });
              const modal = [...document.querySelectorAll('[aria-modal="true"]')].find(shown);
              const items = [];
              for (const e of document.body.querySelectorAll('*')) {
                const own = [...e.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE && n.textContent.trim());
                if (!own.length || !shown(e) || (modal && !modal.contains(e))) continue;
                if (selector && !e.matches(selector)) continue;
                if (text !== undefined && e.textContent.trim() !== text) continue;
                const cs = getComputedStyle(e);
                // a text run's box is its font's content area, taller than the line for big digits set
                // solid (line-height 1); what takes room is the line box, centred on it
                const fontPx = parseFloat(cs.fontSize);
                const linePx = cs.lineHeight === 'normal' ? 1.2 * fontPx : parseFloat(cs.lineHeight);
                const range = document.createRange();
                let box = null;
                for (const t of own) {
                  range.selectNodeContents(t);
                  for (const r of range.getClientRects()) {
                    if (r.width <= 0 || r.height <= 0) continue;
                    const mid = (r.top + r.bottom) / 2;
                    const half = Math.min(r.height, linePx) / 2;
                    box = union(box, { left: r.left, right: r.right, top: mid - half, bottom: mid + half });
                  }
                }
                if (!box) continue;
                const label = `${nameOf(e)} "${e.textContent.trim().replace(/\\s+/g, ' ').slice(0, 48)}"`;
                if (cs.display !== 'inline') {
                  if (cs.overflowX !== 'visible' && e.scrollWidth > e.clientWidth + 1) {
                    out.push(`${label} is cut off across (${e.scrollWidth} px of text in ${e.clientWidth} px${
                      cs.textOverflow === 'ellipsis' ? ', ellipsised' : ''})`);
                  }
                  if (cs.overflowY !== 'visible' && !/auto|scroll/.test(cs.overflowY) && e.scrollHeight > e.clientHeight + 1) {
                    out.push(`${label} is cut off below (${e.scrollHeight} px of text in ${e.clientHeight} px)`);
                  }
                }
                let visible = box;
                let gone = false;
                for (let a = e.parentElement; a && a !== document.documentElement; a = a.parentElement) {
                  const as = getComputedStyle(a);
                  if (as.overflowX === 'visible' && as.overflowY === 'visible') continue;
                  const r = a.getBoundingClientRect();
                  const inner = { left: r.left + a.clientLeft, top: r.top + a.clientTop,
                    right: r.left + a.clientLeft + a.clientWidth, bottom: r.top + a.clientTop + a.clientHeight };
                  if (visible.left < inner.left - 1 || visible.right > inner.right + 1) {
                    out.push(`${label} ${fmt(visible)} is cut off across by ${nameOf(a)} ${fmt(inner)}`);
                  }
                  if (/auto|scroll/.test(as.overflowY)) {
                    // a list that scrolls: the part scrolled away is not on screen, and not cut off
                    visible = { ...visible, top: Math.max(visible.top, inner.top), bottom: Math.min(visible.bottom, inner.bottom) };
                    if (visible.bottom - visible.top < 1) gone = true;
                  } else if (visible.top < inner.top - 1 || visible.bottom > inner.bottom + 1) {
                    out.push(`${label} ${fmt(visible)} is cut off by ${nameOf(a)} ${fmt(inner)}`);
                  }
                }
                if (gone) continue;
                if (visible.left < -0.5 || visible.top < -0.5 || visible.right > innerWidth + 0.5 || visible.bottom > innerHeight + 0.5) {
                  out.push(`${label} ${fmt(visible)} is outside the ${innerWidth}x${innerHeight} viewport`);
                }
                const cx = Math.min(Math.max((visible.left + visible.right) / 2, 0), innerWidth - 1);
                const cy = Math.min(Math.max((visible.top + visible.bottom) / 2, 0), innerHeight - 1);
                const hit = document.elementFromPoint(cx, cy);
                if (hit && !e.contains(hit) && !hit.contains(e)) {
                  out.push(`${label} is covered by ${nameOf(hit)}`);
                }
                items.push({ e, label, box: visible });
              }
              for (let i = 0; i < items.length; i++) {
                for (let j = i + 1; j < items.length; j++) {
                  const a = items[i];
                  const b = items[j];
                  if (a.e.contains(b.e) || b.e.contains(a.e)) continue;
                  const w = Math.min(a.box.right, b.box.right) - Math.max(a.box.left, b.box.left);
                  const h = Math.min(a.box.bottom, b.box.bottom) - Math.max(a.box.top, b.box.top);
                  if (w > 1 && h > 1) out.push(`${a.label} ${fmt(a.box)} overlaps ${b.label} ${fmt(b.box)}`);
                }
              }
              if (whole) {
                const d = document.documentElement;
                if (d.scrollWidth > innerWidth + 1 || d.scrollHeight > innerHeight + 1) {
                  out.push(`the page scrolls: ${d.scrollWidth}x${d.scrollHeight} in ${innerWidth}x${innerHeight}`);
                }
                const arc = document.getElementById('arc');
                if (arc && shown(arc) && sample && sample.durationMs > 0) {
                  const length = arc.getTotalLength();
                  const drawn = 1 - parseFloat(getComputedStyle(arc).strokeDashoffset) / length;
                  const left = Math.max(0, Math.min(1, sample.remainingMs / sample.durationMs));
                  if (Math.abs(drawn - left) > 0.005) {
                    out.push(`the ring shows ${(drawn * 100).toFixed(1)}% of its arc for ${(left * 100).toFixed(1)}% of the phase left`);
                  }
                }
              }
              return JSON.stringify({ found: items.length, problems: out });
            }
            """;

    private Layout() {
    }

    /** Everything wrong with what the page shows now (it renders a frame first, with its sample()). */
    static List<String> problems(Page page) {
        return run(page, Pages.JSON.createObjectNode()).problems();
    }

    /** What keeps the shown elements matching {@code selector} from being read whole (empty: none). */
    static List<String> problemsOf(Page page, String selector) {
        Result r = run(page, Pages.JSON.createObjectNode().put("selector", selector));
        return r.found() == 0 ? List.of("nothing shown matches " + selector) : r.problems();
    }

    /** What keeps the text from being read whole where the page shows it (empty: none). */
    static List<String> problemsOfText(Page page, String text) {
        Result r = run(page, Pages.JSON.createObjectNode().put("text", text));
        return r.found() == 0 ? List.of("no element shows \"" + text + "\"") : r.problems();
    }

    private record Result(int found, List<String> problems) {
    }

    private static Result run(Page page, ObjectNode arg) {
        JsonNode r = Pages.parse((String) page.evaluate(CHECK, arg.toString()));
        List<String> problems = new ArrayList<>();
        r.get("problems").forEach(p -> problems.add(p.asText()));
        return new Result(r.get("found").asInt(), problems);
    }
}
