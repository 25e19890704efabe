/**
 * The operator console served at /__svyazio/: one static page and its script,
 * talking to /__svyazio/ws (docs/protocol.md, "Operator console"). Everything a
 * visitor sent is rendered with textContent, never parsed as HTML; the page's CSP
 * forbids inline script as a second line of defence.
 */

export const CONSOLE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Svyazio preview — operator console</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
  body { font: 14px/1.4 system-ui, sans-serif; margin: 0; display: grid; grid-template: auto 1fr / 300px 1fr; height: 100vh; }
  header { grid-column: 1 / 3; display: flex; gap: 16px; align-items: center; padding: 8px 16px; background: #222; color: #fff; }
  header h1 { font-size: 16px; margin: 0; flex: 1; }
  #visitors { list-style: none; margin: 0; padding: 0; overflow: auto; border-right: 1px solid #ddd; }
  .visitor { padding: 8px 12px; border-bottom: 1px solid #eee; cursor: pointer; }
  .visitor.selected { background: #eef; }
  .visitor .who { font-weight: 600; }
  .visitor .page, .visitor .org { color: #666; font-size: 12px; word-break: break-all; }
  .visitor.online .who::before { content: "● "; color: #2a2; }
  .visitor.offline .who::before { content: "○ "; color: #999; }
  main { display: flex; flex-direction: column; min-height: 0; }
  #details { padding: 8px 16px; border-bottom: 1px solid #ddd; font-size: 12px; white-space: pre-wrap; max-height: 30vh; overflow: auto; }
  #messages { flex: 1; overflow: auto; padding: 8px 16px; }
  .message { margin: 4px 0; padding: 6px 10px; border-radius: 8px; max-width: 70%; white-space: pre-wrap; word-break: break-word; }
  .message.client { background: #eee; }
  .message.agent { background: #dde8ff; margin-left: auto; }
  .message.bot { background: #f5efd8; margin-left: auto; }
  form { display: flex; gap: 8px; padding: 8px 16px; border-top: 1px solid #ddd; }
  textarea { flex: 1; height: 48px; }
</style>
</head>
<body>
<header>
  <h1>Svyazio preview — operator console</h1>
  <span id="status">connecting…</span>
  <label><input type="checkbox" id="online" checked> Agents online</label>
</header>
<ul id="visitors"></ul>
<main>
  <div id="details">Select a visitor.</div>
  <div id="messages"></div>
  <form id="reply">
    <textarea id="text" placeholder="Reply…" disabled></textarea>
    <label><input type="checkbox" id="as-bot"> as bot</label>
    <button id="send" disabled>Send</button>
  </form>
</main>
<script src="console.js"></script>
</body>
</html>
`;

export const CONSOLE_JS = `'use strict';
(function () {
  var visitors = new Map();
  var conversations = new Map();
  var selected = null;
  var socket = null;
  var $ = function (id) { return document.getElementById(id); };

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function visitorKey(v) { return v.orgId + '/' + v.visitorId; }

  function renderVisitors() {
    var list = $('visitors');
    list.replaceChildren();
    var all = Array.from(visitors.values()).sort(function (a, b) { return b.lastSeen - a.lastSeen; });
    all.forEach(function (v) {
      var key = visitorKey(v);
      var item = el('li', 'visitor ' + (v.connected ? 'online' : 'offline') + (key === selected ? ' selected' : ''));
      item.dataset.key = key;
      item.dataset.conversation = v.conversation;
      item.appendChild(el('div', 'who', v.integration.name || v.clientId || v.visitorId));
      item.appendChild(el('div', 'org', 'org ' + v.orgId + (v.groupId ? ' · group ' + v.groupId : '')));
      item.appendChild(el('div', 'page', v.page.url));
      item.addEventListener('click', function () { selected = key; render(); });
      list.appendChild(item);
    });
  }

  function renderSelected() {
    var v = selected && visitors.get(selected);
    $('text').disabled = $('send').disabled = !v;
    var details = $('details');
    var messages = $('messages');
    messages.replaceChildren();
    if (!v) { details.textContent = 'Select a visitor.'; return; }
    details.textContent = [
      'Visitor: ' + v.visitorId + (v.clientId ? '  clientId: ' + v.clientId : ''),
      'Org: ' + v.orgId + '  Group: ' + (v.groupId === null ? '(default)' : v.groupId) + '  Locale: ' + v.locale,
      'Page: ' + v.page.title + ' — ' + v.page.url,
      'Page views: ' + v.pageViews.map(function (p) { return p.url; }).join(' → '),
      'Integration: ' + JSON.stringify(v.integration, null, 1),
      v.connected ? 'Connected' : 'Disconnected',
    ].join('\\n');
    (conversations.get(v.conversation) || []).forEach(function (m) {
      var node = el('div', 'message ' + m.type, m.text);
      node.dataset.id = m.id;
      node.title = new Date(m.createdAt).toLocaleString();
      messages.appendChild(node);
    });
    messages.scrollTop = messages.scrollHeight;
  }

  function render() { renderVisitors(); renderSelected(); }

  function addMessage(key, m) {
    var list = conversations.get(key) || [];
    if (list.some(function (x) { return x.id === m.id; })) return;
    list.push(m);
    list.sort(function (a, b) { return a.createdAt - b.createdAt; });
    conversations.set(key, list);
  }

  function onFrame(f) {
    if (f.t === 'state') {
      visitors.clear(); conversations.clear();
      f.visitors.forEach(function (v) { visitors.set(visitorKey(v), v); });
      f.conversations.forEach(function (c) { conversations.set(c.key, c.messages); });
      $('online').checked = f.agentsOnline;
    } else if (f.t === 'visitor') {
      visitors.set(visitorKey(f.visitor), f.visitor);
    } else if (f.t === 'conversation') {
      conversations.set(f.key, f.messages);
    } else if (f.t === 'msg') {
      addMessage(f.conversation, f.message);
    } else if (f.t === 'agents') {
      $('online').checked = f.online;
    } else if (f.t === 'error') {
      $('status').textContent = 'error: ' + f.message;
      return;
    }
    render();
  }

  function connect() {
    var url = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/__svyazio/ws';
    socket = new WebSocket(url);
    socket.onopen = function () { $('status').textContent = 'connected'; };
    socket.onmessage = function (e) { onFrame(JSON.parse(e.data)); };
    socket.onclose = function () {
      $('status').textContent = 'disconnected — retrying';
      setTimeout(connect, 1000);
    };
  }

  $('reply').addEventListener('submit', function (e) {
    e.preventDefault();
    var v = selected && visitors.get(selected);
    var text = $('text').value;
    if (!v || !text.trim() || !socket || socket.readyState !== 1) return;
    socket.send(JSON.stringify({ t: 'reply', conversation: v.conversation, text: text, type: $('as-bot').checked ? 'bot' : 'agent' }));
    $('text').value = '';
  });
  $('online').addEventListener('change', function () {
    if (socket && socket.readyState === 1) socket.send(JSON.stringify({ t: 'agents', online: $('online').checked }));
  });
  connect();
})();
`;
