// The video grid: one tile per stream, laid out to use the pane best.

import { el, $ } from './dom.js';
import { icon } from './icons.js';

/** @type {Map<string, {tile: HTMLElement, video: HTMLVideoElement, stream: MediaStream}>} */
const tiles = new Map();

/**
 * Adds or refreshes a tile.
 * @param {string} id
 * @param {MediaStream} stream
 * @param {{name: string, label: string, local?: boolean, controls?: boolean}} info
 */
export function showTile(id, stream, info) {
    let t = tiles.get(id);
    if (!t) {
        const video = /** @type {HTMLVideoElement} */ (el('video', { autoplay: true, playsinline: true }));
        const caption = el('span', { className: 'tile-name' });
        const tile = el('figure', { className: 'tile', 'data-stream': id, tabindex: '0' },
            video,
            el('div', { className: 'tile-audio-only', 'aria-hidden': 'true' }, icon('speaker')),
            el('figcaption', null, caption,
                el('span', { className: 'tile-buttons' },
                    el('button', { type: 'button', className: 'tile-button', 'aria-label': 'Full screen',
                        title: 'Full screen', onclick: () => fullScreen(tile) }, icon('fullscreen')),
                    'pictureInPictureEnabled' in document && document.pictureInPictureEnabled ?
                        el('button', { type: 'button', className: 'tile-button', 'aria-label': 'Picture in picture',
                            title: 'Picture in picture', onclick: () => pip(video) }, icon('pip')) : null)));
        tile.addEventListener('keydown', e => { if (e.key === 'f') fullScreen(tile); });
        t = { tile, video, stream };
        tiles.set(id, t);
        $('videos').append(tile);
    }
    t.stream = stream;
    if (t.video.srcObject !== stream) t.video.srcObject = stream;
    t.video.muted = !!info.local;   // never hear yourself
    t.video.controls = !!info.controls;
    t.tile.classList.toggle('local', !!info.local);
    t.tile.dataset.label = info.label;
    const name = info.name + (info.label === 'screenshare' ? ' (screen)' : info.local ? ' (you)' : '');
    t.tile.querySelector('.tile-name').textContent = name;
    t.tile.setAttribute('aria-label', `Video of ${name}`);
    refreshTile(id);
    t.video.play().catch(() => { /* autoplay waits for the next user gesture */ });
    layout();
}

/** Marks a tile audio-only when its stream has no live video. @param {string} id */
export function refreshTile(id) {
    const t = tiles.get(id);
    if (!t) return;
    const hasVideo = t.stream.getVideoTracks().some(v => v.readyState === 'live');
    t.tile.classList.toggle('audio-only', !hasVideo);
}

/** @param {string} id */
export function removeTile(id) {
    const t = tiles.get(id);
    if (!t) return;
    t.video.srcObject = null;
    t.tile.remove();
    tiles.delete(id);
    layout();
}

/** @param {string} id @param {boolean} speaking */
export function setSpeaking(id, speaking) {
    const t = tiles.get(id);
    if (t) t.tile.classList.toggle('speaking', speaking);
}

export function removeAllTiles() {
    [...tiles.keys()].forEach(removeTile);
}

/** @param {HTMLElement} tile */
function fullScreen(tile) {
    if (document.fullscreenElement) document.exitFullscreen();
    else if (tile.requestFullscreen) tile.requestFullscreen().catch(e => console.warn(e));
}

/** @param {HTMLVideoElement} video */
function pip(video) {
    if (document.pictureInPictureElement === video) document.exitPictureInPicture();
    else video.requestPictureInPicture().catch(e => console.warn(e));
}

/**
 * Chooses the number of columns that makes 16:9 tiles largest in the pane.
 */
export function layout() {
    const box = $('videos');
    const n = tiles.size;
    box.dataset.count = String(n);
    if (n === 0) return;
    const W = box.clientWidth || 1, H = box.clientHeight || 1, gap = 8;
    let best = 1, bestArea = 0;
    for (let cols = 1; cols <= n; cols++) {
        const rows = Math.ceil(n / cols);
        let w = (W - gap * (cols - 1)) / cols;
        let h = w * 9 / 16;
        const maxH = (H - gap * (rows - 1)) / rows;
        if (h > maxH) { h = maxH; w = h * 16 / 9; }
        if (w * h > bestArea) { bestArea = w * h; best = cols; }
    }
    box.style.gridTemplateColumns = `repeat(${best}, minmax(0, 1fr))`;
    box.style.gridTemplateRows = `repeat(${Math.ceil(n / best)}, minmax(0, 1fr))`;
}

window.addEventListener('resize', layout);

// Browsers refuse to start sound before the user has interacted with the page;
// the first click or key starts whatever was held back.
function resumeAll() {
    for (const t of tiles.values()) if (t.video.paused) t.video.play().catch(() => { /* still blocked */ });
}
document.addEventListener('click', resumeAll);
document.addEventListener('keydown', resumeAll);
