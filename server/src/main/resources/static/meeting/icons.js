// Icons drawn for Nereid as inline SVG (24x24, currentColor strokes).
// Constant markup only: no user text ever passes through here.

const PATHS = {
    camera: '<rect x="2" y="6" width="13" height="12" rx="2"/><path d="M15 10l6-3v10l-6-3z"/>',
    cameraOff: '<rect x="2" y="6" width="13" height="12" rx="2"/><path d="M15 10l6-3v10l-6-3z"/><path d="M3 3l18 18"/>',
    mic: '<rect x="9" y="3" width="6" height="11" rx="3"/><path d="M5 11a7 7 0 0014 0M12 18v3"/>',
    micOff: '<rect x="9" y="3" width="6" height="11" rx="3"/><path d="M5 11a7 7 0 0014 0M12 18v3M3 3l18 18"/>',
    screen: '<rect x="2" y="4" width="20" height="13" rx="2"/><path d="M8 21h8M12 17v4M12 14V8M9 11l3-3 3 3"/>',
    users: '<circle cx="9" cy="8" r="3.5"/><path d="M2.5 20c0-3.6 2.9-6 6.5-6s6.5 2.4 6.5 6"/><circle cx="17" cy="9" r="2.5"/><path d="M16 14c3 0 5.5 2 5.5 5"/>',
    chat: '<path d="M4 5h16v11H9l-5 4z"/>',
    menu: '<path d="M4 6h16M4 12h16M4 18h16"/>',
    hand: '<path d="M8 12V5a1.5 1.5 0 013 0v6M11 11V4a1.5 1.5 0 013 0v7M14 11V5.5a1.5 1.5 0 013 0V14c0 4-2.5 7-6.5 7S5 18 4 15l-1.5-3.5a1.4 1.4 0 012.5-1.2L8 14"/>',
    fullscreen: '<path d="M4 9V4h5M20 9V4h-5M4 15v5h5M20 15v5h-5"/>',
    pip: '<rect x="2" y="4" width="20" height="16" rx="2"/><rect x="12" y="12" width="8" height="6" rx="1"/>',
    close: '<path d="M5 5l14 14M19 5L5 19"/>',
    send: '<path d="M3 11l18-8-8 18-2-8z"/>',
    file: '<path d="M6 2h8l5 5v15H6z"/><path d="M14 2v5h5"/>',
    speaker: '<path d="M4 9h4l5-4v14l-5-4H4z"/><path d="M16 8a5 5 0 010 8"/>',
    leave: '<path d="M10 4H5v16h5M15 8l4 4-4 4M19 12H9"/>',
};

/**
 * @param {keyof PATHS} name
 * @returns {SVGSVGElement}
 */
export function icon(name) {
    const t = document.createElement('template');
    t.innerHTML = `<svg class="icon" viewBox="0 0 24 24" width="20" height="20" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true" focusable="false">${PATHS[name]}</svg>`;
    return /** @type {SVGSVGElement} */ (t.content.firstChild);
}

/** Puts an icon at the start of every element with a data-icon attribute. */
export function decorate(root = document) {
    root.querySelectorAll('[data-icon]').forEach(e => {
        if (!e.querySelector('svg.icon')) e.prepend(icon(/** @type {any} */ (e.getAttribute('data-icon'))));
    });
}
