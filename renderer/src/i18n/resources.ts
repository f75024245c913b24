/**
 * The UI strings, one file per feature and language, joined into one i18next namespace:
 * `t('reader.toolbar.fontSize')` reads `en/reader.json` → `toolbar.fontSize`. en.json and id.json
 * hold the app-wide strings (first screens, errors). A unit test checks that both languages carry
 * the same keys and placeholders.
 */
import enCore from './en.json';
import enCare from './en/care.json';
import enCodebook from './en/codebook.json';
import enDeid from './en/deid.json';
import enExchange from './en/exchange.json';
import enHome from './en/home.json';
import enMemos from './en/memos.json';
import enReader from './en/reader.json';
import enRetrieve from './en/retrieve.json';
import enSearch from './en/search.json';
import enSettings from './en/settings.json';
import enTeam from './en/team.json';
import enWorkspace from './en/workspace.json';
import idCore from './id.json';
import idCare from './id/care.json';
import idCodebook from './id/codebook.json';
import idDeid from './id/deid.json';
import idExchange from './id/exchange.json';
import idHome from './id/home.json';
import idMemos from './id/memos.json';
import idReader from './id/reader.json';
import idRetrieve from './id/retrieve.json';
import idSearch from './id/search.json';
import idSettings from './id/settings.json';
import idTeam from './id/team.json';
import idWorkspace from './id/workspace.json';

export const en = {
  ...enCore,
  care: enCare,
  codebook: enCodebook,
  deid: enDeid,
  exchange: enExchange,
  home: enHome,
  memos: enMemos,
  reader: enReader,
  retrieve: enRetrieve,
  search: enSearch,
  settings: enSettings,
  team: enTeam,
  ws: enWorkspace,
};

export const id = {
  ...idCore,
  care: idCare,
  codebook: idCodebook,
  deid: idDeid,
  exchange: idExchange,
  home: idHome,
  memos: idMemos,
  reader: idReader,
  retrieve: idRetrieve,
  search: idSearch,
  settings: idSettings,
  team: idTeam,
  ws: idWorkspace,
};

export type Strings = typeof en;
