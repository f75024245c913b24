/**
 * Synthetic REFI-QDA files for the import tests: XML written here, zipped with fflate. The texts
 * are invented (no real person). Positions are computed from the text in the unit asked for, so a
 * test states which words it means and the file says where they are, the way each tool would.
 */
import { writeFileSync } from 'node:fs';
import { zipSync } from 'fflate';

export const G = {
  userA: '0b7c2f4e-1a2b-4c3d-8e9f-101112131415',
  userB: 'C1D2E3F4-A5B6-4C7D-8E9F-A0B1C2D3E4F5', // upper case, as ATLAS.ti and MAXQDA write them
  codeStigma: '5a1f0c2e-3b4d-4e5f-8a9b-0c1d2e3f4a5b',
  codeFear: '6b2a1d3f-4c5e-4f60-9bac-1d2e3f4a5b6c',
  codeTrust: '7c3b2e40-5d6f-4071-8cbd-2e3f4a5b6c7d',
  source1: '8d4c3f51-6e70-4182-9dce-3f4a5b6c7d8e',
  source2: '9e5d4062-7f81-4293-aedf-4a5b6c7d8e9f',
  sel1: 'af6e5173-8092-43a4-bfe0-5b6c7d8e9fa0',
  sel2: 'b07f6284-91a3-44b5-80f1-6c7d8e9fa0b1',
  sel3: 'c1807395-a2b4-45c6-9102-7d8e9fa0b1c2',
  sel4: 'd29184a6-b3c5-46d7-a213-8e9fa0b1c2d3',
  coding1: 'e3a295b7-c4d6-47e8-b324-9fa0b1c2d3e4',
  coding2: 'f4b3a6c8-d5e7-48f9-8435-a0b1c2d3e4f5',
  coding3: '05c4b7d9-e6f8-490a-9546-b1c2d3e4f5a6',
  coding4: '16d5c8ea-f709-4a1b-a657-c2d3e4f5a6b7',
  coding5: '27e6d9fb-081a-4b2c-b768-d3e4f5a6b7c8',
  noteProject: '38f7ea0c-192b-4c3d-8879-e4f5a6b7c8d9',
  noteCode: '4908fb1d-2a3c-4d4e-998a-f5a6b7c8d9ea',
  noteCoding: '5a190c2e-3b4d-4e5f-aa9b-a6b7c8d9eafb',
  noteSource: '6b2a1d3f-4c5e-4f60-bbac-b7c8d9eafb0c',
  varCountry: '7c3b2e40-5d6f-4071-8cbd-c8d9eafb0c1d',
  varAge: '8d4c3f51-6e70-4182-9dce-d9eafb0c1d2e',
  case1: '9e5d4062-7f81-4293-aedf-eafb0c1d2e3f',
};

/** Source 1: CR LF lines, emoji before the coded words, a decomposed é; stored with a UTF-8 BOM. */
export const TEXT1 = [
  'Interviewer: Thank you for coming 🙂. How is the unit doing?',
  'Respondent: Families fear stigma 😟, so they do not report.',
  'Interviewer: And the Cafe\u0301 owner?',
  'Respondent: He helped once 🙏 and we trusted him after that.',
  '',
].join('\r\n');

/** Source 2: LF only, given inline as PlainTextContent. */
export const TEXT2 = 'Interviewer: Any last words?\nRespondent: Trust takes 👨‍👩‍👧 years to build.\n';

export type Unit = 'codepoint' | 'utf16';

/** [start, end) of the n-th occurrence of `needle` in `raw`, counted in `unit` (BOM, if any, not counted). */
export function span(raw: string, needle: string, unit: Unit, nth = 0): [number, number] {
  const body = raw.replace(/^\ufeff/, '');
  let i = -1;
  for (let k = 0; k <= nth; k++) i = body.indexOf(needle, i + 1);
  if (i < 0) throw new Error(`"${needle}" not in text`);
  const count = (s: string) => (unit === 'utf16' ? s.length : [...s].length);
  return [count(body.slice(0, i)), count(body.slice(0, i + needle.length))];
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export interface ProjectXmlOptions {
  unit?: Unit;
  namespace?: string;
  /** `sources/` folder name inside the zip (NVivo: `Sources`). */
  origin?: string;
  /** Extra XML inserted at the end of the project (before `</Project>`). */
  tail?: string;
}

/** The two-source project: codes with a structured description, users, variables, a case, notes, selections. */
export function projectXml(o: ProjectXmlOptions = {}): string {
  const unit = o.unit ?? 'codepoint';
  const [s1, e1] = span(TEXT1, 'fear stigma', unit);
  const [s2, e2] = span(TEXT1, 'Families fear stigma', unit);
  const [s3, e3] = span(TEXT1, 'we trusted him', unit);
  const [s4, e4] = span(TEXT2, 'Trust takes 👨‍👩‍👧 years', unit);
  const desc = 'Shame that stops reporting.\n\nDefinition: Fear of what neighbours say.\nWhen to use: Linked to a decision.\nExamples:\n- "They will talk."\nCategory: barrier';
  return `<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="${o.namespace ?? 'urn:QDA-XML:project:1.0'}" name="Synthetic study" origin="${esc(o.origin ?? 'Synthetic 1.0')}">
  <Users>
    <User guid="${G.userA}" name="Coder A"/>
    <User guid="${G.userB}" name="Coder B"/>
  </Users>
  <CodeBook>
    <Codes>
      <Code guid="${G.codeStigma}" name="Stigma" isCodable="true" color="#C0F">
        <Description>${esc(desc)}</Description>
        <NoteRef targetGUID="${G.noteCode}"/>
        <Code guid="${G.codeFear}" name="Fear" isCodable="true" color="#112233"/>
      </Code>
      <Code guid="${G.codeTrust}" name="Trust" isCodable="true"/>
    </Codes>
  </CodeBook>
  <Variables>
    <Variable guid="${G.varCountry}" name="Country" typeOfVariable="Text"/>
    <Variable guid="${G.varAge}" name="Age at interview" typeOfVariable="Integer"/>
  </Variables>
  <Cases>
    <Case guid="${G.case1}" name="Household 7">
      <VariableValue><VariableRef targetGUID="${G.varAge}"/><IntegerValue>34</IntegerValue></VariableValue>
      <SourceRef targetGUID="${G.source1}"/>
    </Case>
  </Cases>
  <Sources>
    <TextSource guid="${G.source1}" name="Interview one" plainTextPath="internal://${G.source1}.txt" creatingUser="${G.userA}">
      <PlainTextSelection guid="${G.sel1}" name="fear stigma" startPosition="${s1}" endPosition="${e1}" creatingUser="${G.userA}">
        <Coding guid="${G.coding1}" creatingUser="${G.userA}" creationDateTime="2024-03-01T10:00:00Z"><CodeRef targetGUID="${G.codeStigma}"/></Coding>
      </PlainTextSelection>
      <PlainTextSelection guid="${G.sel2}" startPosition="${s1}" endPosition="${e1}" creatingUser="${G.userB}">
        <Coding guid="${G.coding2}" creatingUser="${G.userB}"><CodeRef targetGUID="${G.codeFear}"/><NoteRef targetGUID="${G.noteCoding}"/></Coding>
      </PlainTextSelection>
      <PlainTextSelection guid="${G.sel3}" startPosition="${s2}" endPosition="${e2}">
        <Description>Check this with the team.</Description>
        <Coding guid="${G.coding3}" creatingUser="${G.userA}"><CodeRef targetGUID="${G.codeStigma}"/></Coding>
      </PlainTextSelection>
      <PlainTextSelection guid="${G.sel4}" startPosition="${s3}" endPosition="${e3}">
        <Coding guid="${G.coding4}" creatingUser="${G.userB}"><CodeRef targetGUID="${G.codeTrust}"/></Coding>
      </PlainTextSelection>
      <NoteRef targetGUID="${G.noteSource}"/>
      <VariableValue><VariableRef targetGUID="${G.varCountry}"/><TextValue>Indonesia</TextValue></VariableValue>
    </TextSource>
    <TextSource guid="${G.source2}" name="Interview two">
      <PlainTextContent>${esc(TEXT2)}</PlainTextContent>
      <PlainTextSelection guid="a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d" startPosition="${s4}" endPosition="${e4}">
        <Coding guid="${G.coding5}" creatingUser="${G.userA}"><CodeRef targetGUID="${G.codeTrust}"/></Coding>
      </PlainTextSelection>
      <VariableValue><VariableRef targetGUID="${G.varCountry}"/><TextValue>Kenya</TextValue></VariableValue>
    </TextSource>
  </Sources>
  <Notes>
    <Note guid="${G.noteProject}" name="Research plan" creatingUser="${G.userA}" creationDateTime="2024-02-01T09:00:00Z"><PlainTextContent>Start with the unit heads.</PlainTextContent></Note>
    <Note guid="${G.noteCode}" name="On stigma"><PlainTextContent>Watch for euphemisms.</PlainTextContent></Note>
    <Note guid="${G.noteCoding}" plainTextPath="internal://${G.noteCoding}.txt"/>
    <Note guid="${G.noteSource}" name="Context"><PlainTextContent>Recorded at the district office.</PlainTextContent></Note>
  </Notes>
${o.tail ?? ''}</Project>
`;
}

export const NOTE_CODING_TEXT = 'B coded this as fear, not stigma.';

/** A .qdpx holding `xml` under `qdeName` and the text files under `sourcesDir/`. */
export function qdpx(xml: string, opts: { qdeName?: string; sourcesDir?: string; withBom?: boolean; extra?: Record<string, Uint8Array> } = {}): Uint8Array {
  const dir = opts.sourcesDir ?? 'sources';
  const enc = new TextEncoder();
  const bom = opts.withBom === false ? '' : '\ufeff';
  return zipSync({
    [opts.qdeName ?? 'project.qde']: enc.encode(xml),
    [`${dir}/${G.source1}.txt`]: enc.encode(bom + TEXT1),
    [`${dir}/${G.noteCoding}.txt`]: enc.encode(NOTE_CODING_TEXT),
    ...(opts.extra ?? {}),
  });
}

export function write(path: string, bytes: Uint8Array | string): string {
  writeFileSync(path, bytes);
  return path;
}
