#!/usr/bin/env node
// Writes a synthetic Postfix mail log of about SIZE bytes (default 1 GiB) to FILE: the mix of a busy
// MX and outbound relay (postscreen, smtpd sessions with and without STARTTLS, cleanup, qmgr, smtp
// deliveries over new and reused TLS connections and in clear text, local deliveries, rejects and
// TLS warnings). Deterministic (fixed seed), so two runs give the same file.
// usage: node scripts/maillog-gen.mjs FILE [SIZE_MB]
import { closeSync, openSync, writeSync } from 'node:fs';

const [file, sizeMb = '1024'] = process.argv.slice(2);
if (!file) {
  console.error('usage: node scripts/maillog-gen.mjs FILE [SIZE_MB]');
  process.exit(2);
}
const target = Number(sizeMb) * 1024 * 1024;

let seed = 12345;
const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
const pick = (a) => a[Math.floor(rnd() * a.length)];
const hex = (n) => {
  let s = '';
  for (let i = 0; i < n; i++) s += '0123456789ABCDEF'[Math.floor(rnd() * 16)];
  return s;
};

const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const clients = Array.from({ length: 5000 }, (_, i) => `mail${i}.sender${i % 97}.example[198.51.${(i >> 8) & 255}.${i & 255}]`);
const relays = Array.from({ length: 800 }, (_, i) => `mx${i % 3}.dest${i}.example[203.0.${(i >> 8) & 255}.${i & 255}]:25`);
const protocols = ['TLSv1.3', 'TLSv1.3', 'TLSv1.3', 'TLSv1.2', 'TLSv1.2'];
const ciphers = { 'TLSv1.3': 'TLS_AES_256_GCM_SHA384 (256/256 bits) key-exchange X25519 server-signature RSA-PSS (2048 bits) server-digest SHA256', 'TLSv1.2': 'ECDHE-RSA-AES256-GCM-SHA384 (256/256 bits)' };
const users = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi'];

// Time advances by about a second per message over a few weeks.
let t = Date.UTC(2026, 10, 20, 0, 0, 0);
const two = (n) => (n < 10 ? `0${n}` : `${n}`);
const stamp = () => {
  const d = new Date(t);
  const day = d.getUTCDate();
  return `${months[d.getUTCMonth()]} ${day < 10 ? ` ${day}` : day} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
};
const host = 'mx1';
let pid = 1000;
const smtpPids = [21001, 21002, 21003, 21004, 21005, 21006];

function message() {
  t += Math.floor(rnd() * 2000);
  const ts = stamp();
  const out = [];
  const spid = pid++ > 60000 ? (pid = 1000) : pid;
  const client = pick(clients);
  const ip = client.slice(client.indexOf('[') + 1, -1);
  const qid = hex(10);
  const from = `${pick(users)}@sender${Math.floor(rnd() * 97)}.example`;
  const r = rnd();
  out.push(`${ts} ${host} postfix/postscreen[900]: CONNECT from [${ip}]:${40000 + (spid % 20000)} to [192.0.2.25]:25`);
  if (r < 0.08) {
    out.push(`${ts} ${host} postfix/postscreen[900]: DNSBL rank 3 for [${ip}]:${40000 + (spid % 20000)}`);
    out.push(`${ts} ${host} postfix/postscreen[900]: DISCONNECT [${ip}]:${40000 + (spid % 20000)}`);
    return out;
  }
  out.push(`${ts} ${host} postfix/postscreen[900]: PASS OLD [${ip}]:${40000 + (spid % 20000)}`);
  out.push(`${ts} ${host} postfix/smtpd[${spid}]: connect from ${client}`);
  const inTls = rnd() < 0.75;
  if (inTls) {
    const p = pick(protocols);
    out.push(`${ts} ${host} postfix/smtpd[${spid}]: Anonymous TLS connection established from ${client}: ${p} with cipher ${ciphers[p]}`);
  } else if (rnd() < 0.05) {
    out.push(`${ts} ${host} postfix/smtpd[${spid}]: warning: TLS library problem: error:0A0000C1:SSL routines::no shared cipher:../ssl/statem/statem_srvr.c:2220:`);
    out.push(`${ts} ${host} postfix/smtpd[${spid}]: SSL_accept error from ${client}: -1`);
    out.push(`${ts} ${host} postfix/smtpd[${spid}]: lost connection after STARTTLS from ${client}`);
    out.push(`${ts} ${host} postfix/smtpd[${spid}]: disconnect from ${client} ehlo=1 starttls=0/1 commands=1/2`);
    return out;
  }
  if (rnd() < 0.15) {
    out.push(`${ts} ${host} postfix/smtpd[${spid}]: NOQUEUE: reject: RCPT from ${client}: 554 5.7.1 <${pick(users)}@nowhere.example>: Relay access denied; from=<${from}> to=<${pick(users)}@nowhere.example> proto=ESMTP helo=<${client.slice(0, client.indexOf('['))}>`);
    out.push(`${ts} ${host} postfix/smtpd[${spid}]: disconnect from ${client} ehlo=1${inTls ? ' starttls=1' : ''} mail=1 rcpt=0/1 quit=1 commands=${inTls ? 4 : 3}/4`);
    return out;
  }
  out.push(`${ts} ${host} postfix/smtpd[${spid}]: ${qid}: client=${client}`);
  out.push(`${ts} ${host} postfix/cleanup[${3000 + (spid % 7)}]: ${qid}: message-id=<${hex(16)}@sender.example>`);
  out.push(`${ts} ${host} postfix/qmgr[800]: ${qid}: from=<${from}>, size=${1000 + Math.floor(rnd() * 90000)}, nrcpt=1 (queue active)`);
  out.push(`${ts} ${host} postfix/smtpd[${spid}]: disconnect from ${client} ehlo=1${inTls ? ' starttls=1' : ''} mail=1 rcpt=1 data=1 quit=1 commands=${inTls ? 6 : 5}`);
  if (rnd() < 0.3) {
    out.push(`${ts} ${host} postfix/local[${4000 + (spid % 5)}]: ${qid}: to=<${pick(users)}@mx1.example>, relay=local, delay=0.1, delays=0.05/0.01/0/0.04, dsn=2.0.0, status=sent (delivered to mailbox)`);
  } else {
    const relay = pick(relays);
    const smtp = pick(smtpPids);
    const outTls = rnd() < 0.8;
    if (outTls) {
      const p = pick(protocols);
      const trust = pick(['Trusted', 'Trusted', 'Verified', 'Untrusted', 'Anonymous']);
      out.push(`${ts} ${host} postfix/smtp[${smtp}]: ${trust} TLS connection ${rnd() < 0.3 ? 'reused' : 'established'} to ${relay}: ${p} with cipher ${ciphers[p]}`);
    }
    const status = rnd() < 0.93 ? 'sent (250 2.0.0 Ok: queued as ' + hex(12) + ')' : rnd() < 0.7 ? 'deferred (host ' + relay.slice(0, -3) + ' said: 451 4.7.1 Please try again later (in reply to RCPT TO command))' : 'bounced (host ' + relay.slice(0, -3) + ' said: 550 5.1.1 User unknown (in reply to RCPT TO command))';
    out.push(`${ts} ${host} postfix/smtp[${smtp}]: ${qid}: to=<${pick(users)}@dest.example>, relay=${relay}, delay=1.2, delays=0.1/0.02/0.5/0.6, dsn=${status.startsWith('sent') ? '2.0.0' : status.startsWith('deferred') ? '4.7.1' : '5.1.1'}, status=${status}`);
  }
  out.push(`${ts} ${host} postfix/qmgr[800]: ${qid}: removed`);
  return out;
}

const fd = openSync(file, 'w');
let written = 0;
let buf = [];
let bufLen = 0;
while (written < target) {
  for (const l of message()) {
    buf.push(l);
    bufLen += l.length + 1;
  }
  if (bufLen > 4 * 1024 * 1024) {
    const s = buf.join('\n') + '\n';
    writeSync(fd, s, null, 'latin1');
    written += s.length;
    buf = [];
    bufLen = 0;
  }
}
if (buf.length) writeSync(fd, buf.join('\n') + '\n', null, 'latin1');
closeSync(fd);
