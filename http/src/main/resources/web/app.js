// The refvlm page: a picture, visual prompts drawn on it, a question, the answer with its
// objects drawn over the picture, and the decoders. Plain JavaScript on the platform's own HTTP
// API (docs/http-api.md); nothing is fetched from anywhere else.
'use strict';

const SVG = 'http://www.w3.org/2000/svg';
const COLOURS = ['#e6194b', '#3cb44b', '#4363d8', '#f58231', '#911eb4', '#42d4f4', '#f032e6', '#9a6324'];
const $ = (id) => document.getElementById(id);

const state = {
  file: null,          // the picture as a Blob
  width: 0,            // its size in pixels
  height: 0,
  prompts: [],         // visual prompts in picture pixels, as the API takes them
  drawing: null,       // the prompt being drawn
  paint: null,         // canvas of the painted mask, picture-sized
};

// ---- the picture -----------------------------------------------------------------------------

function showPicture(blob) {
  state.file = blob;
  const img = $('picture');
  img.onload = () => {
    state.width = img.naturalWidth;
    state.height = img.naturalHeight;
    $('layer').setAttribute('viewBox', `0 0 ${state.width} ${state.height}`);
    $('stage').classList.remove('empty');
    clearPrompts();
    clearAnswer();
    $('go').disabled = false;
  };
  img.src = URL.createObjectURL(blob);
}

$('file').addEventListener('change', (e) => {
  if (e.target.files.length > 0) {
    showPicture(e.target.files[0]);
  }
});

$('sample').addEventListener('click', async () => {
  const r = await fetch('samples/sample.png');
  showPicture(await r.blob());
});

// ---- visual prompts ----------------------------------------------------------------------------

function tool() {
  return document.querySelector('input[name=tool]:checked').value;
}

/** A mouse event's position in picture pixels. */
function at(event) {
  const layer = $('layer');
  const p = layer.createSVGPoint();
  p.x = event.clientX;
  p.y = event.clientY;
  const q = p.matrixTransform(layer.getScreenCTM().inverse());
  return [Math.min(Math.max(q.x, 0), state.width), Math.min(Math.max(q.y, 0), state.height)];
}

function svg(name, attributes, parent = $('layer')) {
  const e = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attributes)) {
    e.setAttribute(k, v);
  }
  parent.appendChild(e);
  return e;
}

const brush = () => Math.max(3, Math.round(Math.max(state.width, state.height) / 40));

$('layer').addEventListener('mousedown', (e) => {
  const t = tool();
  if (t === 'none' || !state.file) {
    return;
  }
  e.preventDefault();
  const [x, y] = at(e);
  if (t === 'point') {
    state.prompts.push({type: 'point', x, y});
    svg('circle', {cx: x, cy: y, r: brush() / 2, class: 'prompt'});
    countPrompts();
  } else if (t === 'box') {
    state.drawing = {type: 'box', x, y, shape: svg('rect', {x, y, width: 0, height: 0, class: 'prompt'})};
  } else if (t === 'scribble') {
    state.drawing = {type: 'scribble', points: [[x, y]], shape: svg('polyline', {points: `${x},${y}`, class: 'prompt'})};
  } else if (t === 'mask') {
    if (!state.paint) {
      state.paint = document.createElement('canvas');
      state.paint.width = state.width;
      state.paint.height = state.height;
    }
    state.drawing = {type: 'mask'};
    dab(x, y);
  }
});

$('layer').addEventListener('mousemove', (e) => {
  const d = state.drawing;
  if (!d) {
    return;
  }
  const [x, y] = at(e);
  if (d.type === 'box') {
    d.shape.setAttribute('x', Math.min(x, d.x));
    d.shape.setAttribute('y', Math.min(y, d.y));
    d.shape.setAttribute('width', Math.abs(x - d.x));
    d.shape.setAttribute('height', Math.abs(y - d.y));
    d.x1 = x;
    d.y1 = y;
  } else if (d.type === 'scribble') {
    d.points.push([x, y]);
    d.shape.setAttribute('points', d.points.map((p) => p.join(',')).join(' '));
  } else if (d.type === 'mask') {
    dab(x, y);
  }
});

window.addEventListener('mouseup', () => {
  const d = state.drawing;
  state.drawing = null;
  if (!d) {
    return;
  }
  if (d.type === 'box') {
    const x0 = Math.min(d.x, d.x1 ?? d.x), x1 = Math.max(d.x, d.x1 ?? d.x);
    const y0 = Math.min(d.y, d.y1 ?? d.y), y1 = Math.max(d.y, d.y1 ?? d.y);
    if (x1 - x0 >= 1 && y1 - y0 >= 1) {
      state.prompts.push({type: 'box', x0, y0, x1, y1});
    } else {
      d.shape.remove();
    }
  } else if (d.type === 'scribble') {
    state.prompts.push({type: 'scribble', points: d.points});
  }
  countPrompts();
});

/** Paints a disc into the mask being drawn and shows it. */
function dab(x, y) {
  const g = state.paint.getContext('2d');
  g.fillStyle = '#fff';
  g.beginPath();
  g.arc(x, y, brush(), 0, 2 * Math.PI);
  g.fill();
  svg('circle', {cx: x, cy: y, r: brush(), class: 'prompt painted', 'fill-opacity': 0.35});
  countPrompts();
}

function countPrompts() {
  const n = state.prompts.length + (state.paint ? 1 : 0);
  $('prompt-count').textContent = n === 0 ? 'no visual prompts' : `${n} visual prompt${n > 1 ? 's' : ''}`;
  // The model reads each visual prompt where its <region> stands in the text: add the missing
  // ones at the end, where the user sees them and can move them.
  const text = $('prompt');
  const have = (text.value.match(/<region>/g) || []).length;
  if (have < n) {
    text.value = text.value.trimEnd() + ' <region>'.repeat(n - have);
  }
}

function clearPrompts() {
  state.prompts = [];
  state.paint = null;
  document.querySelectorAll('#layer .prompt').forEach((e) => e.remove());
  countPrompts();
}

$('clear').addEventListener('click', clearPrompts);

/** The prompts as the API takes them, the painted mask as COCO compressed RLE. */
function promptsJson() {
  const out = state.prompts.slice();
  if (state.paint) {
    const pixels = state.paint.getContext('2d').getImageData(0, 0, state.width, state.height).data;
    out.push({type: 'mask', size: [state.height, state.width], counts: encodeRle(pixels, state.width, state.height)});
  }
  return out;
}

// ---- COCO compressed RLE (pycocotools' string form, column-major runs starting with zeros) -----

function encodeRle(rgba, width, height) {
  const counts = [];
  let value = 0, run = 0;
  for (let x = 0; x < width; x++) {
    for (let y = 0; y < height; y++) {
      const v = rgba[(y * width + x) * 4 + 3] > 0 ? 1 : 0;
      if (v !== value) {
        counts.push(run);
        run = 0;
        value = v;
      }
      run++;
    }
  }
  counts.push(run);
  let s = '';
  for (let i = 0; i < counts.length; i++) {
    let x = i > 2 ? counts[i] - counts[i - 2] : counts[i];
    let more = true;
    while (more) {
      let c = x & 0x1f;
      x >>= 5;
      more = (c & 0x10) ? x !== -1 : x !== 0;
      if (more) {
        c |= 0x20;
      }
      s += String.fromCharCode(c + 48);
    }
  }
  return s;
}

function decodeRle(s) {
  const counts = [];
  let p = 0;
  while (p < s.length) {
    let x = 0, k = 0, more = true;
    while (more) {
      const c = s.charCodeAt(p) - 48;
      x |= (c & 0x1f) << (5 * k);
      more = (c & 0x20) !== 0;
      p++;
      k++;
      if (!more && (c & 0x10)) {
        x |= -1 << (5 * k);
      }
    }
    if (counts.length > 2) {
      x += counts[counts.length - 2];
    }
    counts.push(x);
  }
  return counts;
}

/** A mask as a translucent picture (data URL) in the given colour. */
function maskPicture(mask, colour) {
  const [height, width] = mask.size;
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const g = canvas.getContext('2d');
  const image = g.createImageData(width, height);
  const [r, gr, b] = [1, 3, 5].map((i) => parseInt(colour.substr(i, 2), 16));
  let i = 0, value = 0;
  for (const run of decodeRle(mask.counts)) {
    for (let k = 0; k < run; k++, i++) {
      if (value) {
        const x = Math.floor(i / height), y = i % height, o = (y * width + x) * 4;
        image.data.set([r, gr, b, 115], o);
      }
    }
    value = 1 - value;
  }
  g.putImageData(image, 0, 0);
  return canvas.toDataURL();
}

// ---- asking ------------------------------------------------------------------------------------

$('go').addEventListener('click', async () => {
  const form = new FormData();
  form.append('image', state.file, 'picture.png');
  form.append('prompt', $('prompt').value);
  if ($('task').value) {
    form.append('task', $('task').value);
  }
  form.append('max_tokens', $('max-tokens').value);
  const prompts = promptsJson();
  if (prompts.length > 0) {
    form.append('prompts', JSON.stringify(prompts));
  }
  $('go').disabled = true;
  $('busy').textContent = 'thinking…';
  clearAnswer();
  try {
    const r = await fetch('api/ask', {method: 'POST', body: form});
    const body = await r.json();
    $('json').textContent = JSON.stringify(body, null, 2);
    if (!r.ok) {
      $('answer').innerHTML = `<span class="error">${escape(body.error || r.statusText)}</span>`;
    } else {
      showAnswer(body);
    }
  } catch (e) {
    $('answer').innerHTML = `<span class="error">${escape(String(e))}</span>`;
  } finally {
    $('go').disabled = false;
    $('busy').textContent = '';
  }
});

function clearAnswer() {
  $('answer').textContent = '';
  $('objects').textContent = '';
  $('depth').textContent = '';
  $('json').textContent = '';
  document.querySelectorAll('#layer .object').forEach((e) => e.remove());
}

function escape(s) {
  return s.replace(/[&<>"]/g, (c) => ({'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;'}[c]));
}

function showAnswer(body) {
  const colourOf = new Map();   // phrase -> colour of its first object
  body.objects.forEach((o, i) => {
    o.colour = COLOURS[i % COLOURS.length];
    if (!colourOf.has(o.phrase)) {
      colourOf.set(o.phrase, o.colour);
    }
  });
  // The TRP answer as text: phrases marked in their objects' colours, units as small tags.
  const html = escape(body.text)
      .replace(/&lt;Phrase&gt;([\s\S]*?)&lt;\/Phrase&gt;(\s*\(([\s\S]*?)\))?/g, (m, phrase, group, inner) => {
        const unit = inner ? (inner.match(/&lt;Unit&gt;(.*?)&lt;\/Unit&gt;/) || [])[1] : null;
        const colour = colourOf.get(phrase) || '#ddd';
        return `<mark style="background:${colour}55;border-bottom:2px solid ${colour}">${phrase}</mark>`
            + (unit ? `<sup>${unit}</sup>` : '');
      })
      .replace(/&lt;\/?[A-Za-z]+&gt;/g, '');
  $('answer').innerHTML = html;
  for (const o of body.objects) {
    const li = document.createElement('li');
    li.innerHTML = `<span class="swatch" style="background:${o.colour}"></span>${escape(o.phrase)} [${o.index}] `
        + `<span class="muted">${escape(o.unit)}</span>` + (o.error ? ` <span class="error">${escape(o.error)}</span>` : '');
    $('objects').appendChild(li);
    draw(o);
  }
  for (const p of body.problems) {
    const li = document.createElement('li');
    li.className = 'error';
    li.textContent = p;
    $('objects').appendChild(li);
  }
}

/** Draws one referred object over the picture. */
function draw(o) {
  if (o.error) {
    return;
  }
  const group = svg('g', {class: `object ${o.unit}`, 'data-phrase': o.phrase});
  if (o.mask) {
    svg('image', {class: 'object mask', href: maskPicture(o.mask, o.colour), x: 0, y: 0,
      width: state.width, height: state.height}, group);
  }
  if (o.box) {
    const [x0, y0, x1, y1] = o.box;
    svg('rect', {class: 'object box', x: x0, y: y0, width: x1 - x0, height: y1 - y0, stroke: o.colour}, group);
    // labels 13 screen pixels high whatever the picture's scale on the page
    const size = 13 * state.width / Math.max(1, $('picture').clientWidth);
    const label = svg('text', {x: x0 + size / 5, y: Math.max(y0 - size / 4, size), fill: o.colour, 'font-size': size}, group);
    label.textContent = `${o.phrase} [${o.index}]`;
  }
  for (const k of o.keypoints || []) {
    if (k.visibility > 0) {
      svg('circle', {class: 'object keypoint', cx: k.x, cy: k.y, r: brush() / 2, stroke: o.colour,
        fill: k.visibility === 2 ? o.colour : 'none', 'stroke-width': 2}, group);
    }
  }
  if (o.depth && o.depth.png) {
    const img = document.createElement('img');
    img.src = o.depth.png;
    img.alt = `depth map of ${o.phrase}`;
    $('depth').appendChild(img);
  } else if (o.depth) {
    $('depth').textContent = `depth map ${o.depth.width}x${o.depth.height}, ${o.depth.min.toFixed(2)} to ${o.depth.max.toFixed(2)} m`;
  }
}

// ---- status and decoders -----------------------------------------------------------------------

async function loadStatus() {
  try {
    const s = await (await fetch('api/status')).json();
    $('status').textContent = `${s.model ? 'model loaded' : 'no model loaded'} · ${s.engine ? s.engine.name + ' on ' + s.engine.device : 'no tensor engine'}`;
    const select = $('task');
    if (select.options.length === 1) {
      for (const t of s.tasks) {
        const o = document.createElement('option');
        o.value = o.textContent = t;
        select.appendChild(o);
      }
      select.value = 'grounding_detection';
    }
  } catch (e) {
    $('status').textContent = 'the platform does not answer';
  }
}

function token() {
  let t = sessionStorage.getItem('refvlm-token');
  if (!t) {
    t = window.prompt('Administration token (from the state folder\'s http-token file):');
    if (t) {
      sessionStorage.setItem('refvlm-token', t.trim());
    }
  }
  return t;
}

async function admin(method, path, body) {
  const t = token();
  if (!t) {
    return;
  }
  const r = await fetch(path, {method, body, headers: {Authorization: `Bearer ${t}`}});
  const reply = await r.json();
  if (r.status === 401) {
    sessionStorage.removeItem('refvlm-token');
  }
  $('admin-error').textContent = r.ok ? '' : reply.error;
  await loadDecoders();
}

async function loadDecoders() {
  const d = await (await fetch('api/decoders')).json();
  const body = $('decoders').querySelector('tbody');
  body.textContent = '';
  for (const x of d.decoders) {
    const tr = document.createElement('tr');
    tr.innerHTML = `<td>${escape(x.unit)}</td><td>${escape(x.decoder)}</td><td class="bundle">${escape(x.bundle)} <span class="muted">#${x.bundleId}</span></td>`
        + `<td>${x.ranking}</td><td>${x.active ? 'yes' : ''}</td><td>${x.pinned ? 'yes' : ''}</td><td></td>`;
    const button = document.createElement('button');
    button.textContent = x.pinned ? 'unpin' : 'pin';
    button.addEventListener('click', () => x.pinned
        ? admin('DELETE', `api/decoders/pins/${encodeURIComponent(x.unit)}`)
        : admin('PUT', `api/decoders/pins/${encodeURIComponent(x.unit)}`, x.decoder));
    tr.lastChild.appendChild(button);
    body.appendChild(tr);
  }
}

loadStatus();
loadDecoders();
setInterval(loadStatus, 10000);
