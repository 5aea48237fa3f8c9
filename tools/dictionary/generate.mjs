#!/usr/bin/env node
// Generates the checked-in C# dictionary tables of src/DicomCipherGateway.Dicom from
// machine-readable copies of PS3.6/PS3.7. Facts come over; no code of the sources does.
// Usage and sources: docs/dictionary.md.
//
//   node tools/dictionary/generate.mjs --dic /usr/share/libdcmtk17/dicom.dic \
//        --npm /tmp/dict/package --dcuid /tmp/dict/dimse/package/dcmdata/include/dcmtk/dcmdata/dcuid.h
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..', '..');
const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => {
  if (a.startsWith('--')) acc.push([a.slice(2), all[i + 1]]);
  return acc;
}, []));
const uidRevision = args['dcuid-version'] ?? '3.6.8';
for (const k of ['dic', 'npm', 'dcuid']) {
  if (!args[k]) { console.error(`missing --${k}; see docs/dictionary.md`); process.exit(2); }
}

// ---- 1. data elements -------------------------------------------------------------------
// DCMTK's dicom.dic (PS3.6 2022b) is the base: it is newer than the npm package (2019e) and
// carries the repeating-group ranges. The npm package supplies full names and the standard's
// "OB or OW" style VR lists.
const npmDict = createRequire(import.meta.url)(path.resolve(args.npm, 'dist', 'index.js'));
const npmByTag = new Map();
for (const e of Object.values(npmDict.elements)) {
  npmByTag.set(e.tag.toUpperCase().replace(/X/g, 'x'), e);
}

const pseudoVr = { xs: 'US|SS', ox: 'OB|OW', px: 'OB|OW', lt: 'US|SS|OW', up: 'UL', na: '' };
const elements = [];
for (const raw of fs.readFileSync(args.dic, 'utf8').split('\n')) {
  const line = raw.replace(/\r$/, '');
  if (!line || line.startsWith('#')) continue;
  const [tagText, vrText, keywordText, vm, version] = line.split('\t');
  if (!['DICOM', 'DICOM/retired', 'DICOM/DICONDE', 'DICOM/DICOS'].includes(version)) continue;
  const m = /^\(([0-9A-F]{4})(?:-([0-9A-F]{4}))?,([0-9A-F]{4})(?:-([0-9A-F]{4}))?\)$/.exec(tagText);
  if (!m) throw new Error(`unparsed tag ${tagText}`);
  const [, g1, g2, e1, e2] = m;
  let value = (parseInt(g1, 16) << 16 | parseInt(e1, 16)) >>> 0;
  let mask = 0xFFFFFFFF;
  // Repeating groups (50xx, 60xx, 7Fxx) and the element range (0020,31xx) vary in the low byte.
  if (g2) mask = (mask & 0xFF00FFFF) >>> 0;
  if (e2) mask = (mask & 0xFFFFFF00) >>> 0;
  const retired = version === 'DICOM/retired';
  const keyword = keywordText.replace(/^RETIRED_/, '');
  const npmKey = g2 ? `(${g1.slice(0, 2)}xx,${e1})` : `(${g1},${e1})`;
  const fromNpm = npmByTag.get(npmKey);
  let vrs = pseudoVr[vrText] ?? vrText;
  if (fromNpm && /^[A-Z]{2}( or [A-Z]{2})*$/.test(fromNpm.vr)) {
    const npmVrs = fromNpm.vr.split(' or ').join('|');
    if (npmVrs.split('|').includes(vrs.split('|')[0]) || vrs.includes('|')) vrs = npmVrs;
  }
  const name = fromNpm?.keyword === keyword ? unescapeHtml(fromNpm.name) : splitKeyword(keyword);
  elements.push({ value, mask, vrs, vm, keyword, name, retired });
}
elements.sort((a, b) => a.value - b.value || b.mask - a.mask);

// The npm package stores names HTML-escaped (Patient&#x27;s Name).
function unescapeHtml(s) {
  return s.replace(/&#x([0-9a-f]+);/gi, (_, h) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#([0-9]+);/g, (_, d) => String.fromCodePoint(parseInt(d, 10)))
    .replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

function splitKeyword(k) {
  return k.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/([A-Z])([A-Z][a-z])/g, '$1 $2');
}

// ---- 2. UIDs ------------------------------------------------------------------------------
const transferSyntaxes = [];
for (const line of fs.readFileSync(path.join(here, 'transfer-syntaxes.tsv'), 'utf8').split('\n')) {
  if (!line.trim() || line.startsWith('#')) continue;
  const [uid, keyword, name, flags] = line.split('\t');
  transferSyntaxes.push({ uid, keyword, name, flags: flags.trim() });
}
const tsUids = new Set(transferSyntaxes.map(t => t.uid));

// DCMTK spells retired UIDs RETIRED_X and the retired trial classes DRAFT_X. Once the prefix is
// gone X often equals the keyword of the current UID that replaced it (Ultrasound Image Storage,
// ...), so a retired UID keeps a keyword of its own: X + "Retired" (a trial: X + "TrialRetired"),
// and the unsuffixed keyword always names the current UID. PS3.6 writes the same "(Retired)".
const uids = [];
const sourceRows = [];
let section = 'Other';
for (const line of fs.readFileSync(args.dcuid, 'utf8').split('\n')) {
  const s = /^\/\/ (.+)$/.exec(line.trim());
  if (s) { section = s[1].trim(); continue; }
  const d = /^#define UID_(\w+)\s+"(1\.2\.840\.10008\.[0-9.]+)"/.exec(line.trim());
  if (!d) continue;
  let [, keyword, uid] = d;
  sourceRows.push([uid, keyword]);
  if (tsUids.has(uid)) continue;
  const trial = keyword.startsWith('DRAFT_');
  const retired = trial || keyword.startsWith('RETIRED_');
  keyword = keyword.replace(/^(RETIRED|DRAFT)_/, '').replace(/^LDAP_/, 'LDAP');
  const type = /TransferSyntax$/.test(keyword) ? 'TransferSyntax'
    : /SOPClass$|Storage|Retrieve|Find|Move|Get|Print|Worklist|ProcedureStep|Query/.test(keyword) && !/FrameOfReference|CodingScheme/.test(section + keyword) ? 'SOPClass'
    : /FrameOfReference/.test(keyword) ? 'FrameOfReference'
    : /CodingScheme/.test(keyword) ? 'CodingScheme'
    : /ApplicationContext/.test(keyword) ? 'ApplicationContextName'
    : /MetaSOPClass/.test(keyword) ? 'MetaSOPClass'
    : 'WellKnown';
  const suffix = trial ? 'TrialRetired' : retired ? 'Retired' : '';
  const name = splitKeyword(keyword.replace(/_/g, ' ')) + (trial ? ' - Trial' : '') + (retired ? ' (Retired)' : '');
  uids.push({ uid, keyword: keyword.replace(/_/g, '') + suffix, name, type, retired, section });
}
// Every UID and every keyword once: a clash is a bug of this script, never silently dropped.
for (const key of ['uid', 'keyword']) {
  const seen = new Map();
  for (const u of uids) {
    if (seen.has(u[key])) throw new Error(`two UIDs share the ${key} ${u[key]}: ${seen.get(u[key]).uid} and ${u.uid}`);
    seen.set(u[key], u);
  }
}
const uniqueUids = uids;
// The source table as read, for the test that proves none of it went missing.
fs.writeFileSync(path.join(here, 'uid-source.tsv'),
  `# UIDs under 1.2.840.10008 of DCMTK ${uidRevision}'s dcuid.h: UID, DCMTK keyword. Written by generate.mjs.\n` +
  sourceRows.map(r => r.join('\t')).join('\n') + '\n');

// ---- 3. write C# ---------------------------------------------------------------------------
const header = `// <auto-generated>
// Generated by tools/dictionary/generate.mjs from DCMTK's dicom.dic (PS3.6 2022b),
// @iwharris/dicom-data-dictionary (PS3.6 ${npmDict.revision}) and the dcuid.h of DCMTK ${uidRevision}
// (PS3.6/3.7 UIDs; shipped in npm dicom-dimse-native 2.6.1).
// Do not edit by hand: regenerate (docs/dictionary.md).
// </auto-generated>
`;
const out = p => path.join(repo, 'src', 'DicomCipherGateway.Dicom', p);
const hex8 = v => v.toString(16).toUpperCase().padStart(8, '0');
const clean = s => s.replace(/[\t\n\r]/g, ' ').replace(/"""/g, '"');

fs.writeFileSync(out('Dictionary/DicomDictionaryData.g.cs'), `${header}
namespace DicomCipherGateway.Dicom.Dictionary;

/// <summary>PS3.6 data elements and PS3.6/3.7 UIDs as compact text, parsed once on first use.</summary>
internal static class DicomDictionaryData
{
    /// <summary>Revision of the standard the element table was taken from.</summary>
    public const string Revision = "2022b";

    /// <summary>Where the UID table was taken from (PS3.6 Annex A, PS3.7 Annex A as DCMTK carries them).</summary>
    public const string UidRevision = "DCMTK ${uidRevision}";

    /// <summary>One element per line: tag, mask, VRs (|-separated), VM, keyword, name, R if retired.</summary>
    public const string Elements = """
${elements.map(e => `${hex8(e.value)}\t${hex8(e.mask)}\t${e.vrs}\t${e.vm}\t${e.keyword}\t${clean(e.name)}\t${e.retired ? 'R' : ''}`).join('\n')}
""";

    /// <summary>One UID per line: UID, keyword, name, type, R if retired.</summary>
    public const string Uids = """
${uniqueUids.map(u => `${u.uid}\t${u.keyword}\t${clean(u.name)}\t${u.type}\t${u.retired ? 'R' : ''}`).join('\n')}
""";
}
`);

const seenKw = new Set();
const tagProps = elements.filter(e => !seenKw.has(e.keyword) && seenKw.add(e.keyword)).map(e =>
  `    /// <summary>${xml(e.name)} ${tagText(e)} ${e.vrs.replace(/\|/g, ' or ') || '-'} ${e.vm}${e.retired ? ' (retired)' : ''}</summary>\n` +
  `    public static DicomTag ${e.keyword} => new(0x${hex8(e.value)});`);
fs.writeFileSync(out('Dictionary/DicomTags.g.cs'), `${header}
using DicomCipherGateway.Dicom.Model;

namespace DicomCipherGateway.Dicom.Dictionary;

/// <summary>Every public data element of PS3.6 by keyword. Repeating groups give the first group (5000, 6000, 7F00).</summary>
public static class DicomTags
{
${tagProps.join('\n\n')}
}
`);

fs.writeFileSync(out('Dictionary/DicomUids.g.cs'), `${header}
using DicomCipherGateway.Dicom.Model;

namespace DicomCipherGateway.Dicom.Dictionary;

/// <summary>Well-known UIDs of PS3.6 Annex A (SOP classes, frames of reference, coding schemes, ...). Transfer syntaxes are on <see cref="DicomTransferSyntax"/>.</summary>
public static class DicomUids
{
${uniqueUids.map(u => `    /// <summary>${xml(u.name)} (${u.type}${u.retired ? ', retired' : ''})</summary>\n    public static DicomUid ${u.keyword} => new("${u.uid}");`).join('\n\n')}
}
`);

const flagArgs = f => ['E', 'B', 'D', 'C', 'L', 'R'].map(c => f.includes(c) ? 'true' : 'false').join(', ');
fs.writeFileSync(out('Model/DicomTransferSyntax.g.cs'), `${header}
namespace DicomCipherGateway.Dicom.Model;

public readonly partial record struct DicomTransferSyntax
{
${transferSyntaxes.map(t => `    /// <summary>${xml(t.name)} (${t.uid})</summary>\n    public static DicomTransferSyntax ${t.keyword} { get; } = new("${t.uid}", "${t.keyword}", "${t.name}", ${flagArgs(t.flags)});`).join('\n\n')}

    /// <summary>Every transfer syntax of PS3.6 Table A-1.</summary>
    public static IReadOnlyList<DicomTransferSyntax> All { get; } =
    [
${transferSyntaxes.map(t => `        ${t.keyword},`).join('\n')}
    ];
}
`);

function xml(s) { return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'); }
function tagText(e) {
  const h = hex8(e.value);
  let g = h.slice(0, 4), el = h.slice(4);
  if ((e.mask & 0x00FF0000) === 0) g = g.slice(0, 2) + 'xx';
  if ((e.mask & 0x0000FF00) === 0) el = el.slice(0, 2) + 'xx';
  return `(${g},${el})`;
}
console.log(`elements: ${elements.length}, uids: ${uniqueUids.length}, transfer syntaxes: ${transferSyntaxes.length}`);
