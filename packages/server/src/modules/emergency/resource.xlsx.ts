import { AppError, api, type Bilingual, bi, emergency as em, shanghaiDateOf } from '@citysafe/domain';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import type { z } from 'zod';
import { type Actor, scopeCondition } from '../../platform/actor.js';
import { type Db, now, type Tx } from '../../platform/db.js';
import type { Platform } from '../../platform/platform.js';
import { type CellValue, readSheet } from '../../platform/sheet.js';
import { orgs } from '../identity/index.js';
import * as service from './resource.service.js';
import { emergencyStores as stores } from './resource.tables.js';

/** Rows one import takes; reading stops past it. */
export const IMPORT_MAX_ROWS = 2000;
const PREVIEW_ROWS = 200;

type ImportError = api.emergencyResources.ImportReport['errors'][number];

/** What a row's cells are checked against: the names of orgs, stores and areas the import may use. */
interface Lookups {
  owners: Map<string, string>;
  stores: Map<string, string>;
  areas: Map<string, string>;
}

/** One column of a register's sheet: its header, how a cell becomes a field of the input, how an item fills it. */
interface Column<Item> {
  header: string;
  width: number;
  /** The input field the cell fills (errors of that field are reported under this column). */
  field: string;
  required?: boolean;
  read: (text: string, raw: CellValue | '', bad: (message: Bilingual) => void, lookups: Lookups) => unknown;
  write: (item: Item) => CellValue | null;
}

const list = (v: string): string[] =>
  v
    .split(/[,，、;；]+/)
    .map((s) => s.trim())
    .filter(Boolean);
const byLabel =
  <K extends string>(labels: Record<K, Bilingual>, what: string) =>
  (text: string, _raw: unknown, bad: (m: Bilingual) => void) => {
    const found = (Object.keys(labels) as K[]).find((k) => k === text || labels[k].zh === text);
    if (!found && text)
      bad(
        bi(
          `${what}“${text}”不在可选项中：${Object.values<Bilingual>(labels)
            .map((l) => l.zh)
            .join('、')}`,
          `${what} “${text}” is not one of the options`,
        ),
      );
    return found ?? text;
  };
const textCell = (text: string) => text || null;
const numberCell = (text: string, raw: CellValue | '', bad: (m: Bilingual) => void) => {
  if (text === '') return undefined;
  const n = typeof raw === 'number' ? raw : Number(text);
  if (!Number.isFinite(n)) bad(bi(`“${text}”不是数字`, `“${text}” is not a number`));
  return n;
};
const ownerColumn = <I extends { orgName: string }>(): Column<I> => ({
  header: '所属单位',
  width: 24,
  field: 'orgId',
  read: (text, _raw, bad, l) => {
    if (!text) return undefined;
    const id = l.owners.get(text);
    if (!id) bad(bi(`单位“${text}”不存在或不在您的管理范围内`, `Unit “${text}” does not exist or is outside your reach`));
    return id;
  },
  write: (i) => i.orgName,
});
const lngColumn = <I extends { location: [number, number] | null }>(): Column<I>[] => [
  { header: '经度', width: 12, field: 'location', read: numberCell, write: (i) => i.location?.[0] ?? null },
  { header: '纬度', width: 12, field: 'location', read: numberCell, write: (i) => i.location?.[1] ?? null },
];

/** A register's sheet: its columns (the export writes the same ones, so an export can be edited and imported back). */
interface Register<Item, Input> {
  title: string;
  columns: Column<Item>[];
  schema: z.ZodType<Input>;
  /** Turns the cells (by field) into the input candidate. */
  candidate: (cells: Map<string, unknown[]>) => Record<string, unknown>;
  rows: (db: Tx, actor: Actor) => Promise<Item[]>;
  insert: (tx: Tx, actor: Actor, input: Input) => Promise<string>;
}

const first = (cells: Map<string, unknown[]>, field: string) => cells.get(field)?.[0];
const location = (cells: Map<string, unknown[]>) => {
  const [lng, lat] = cells.get('location') ?? [];
  return lng === undefined && lat === undefined ? undefined : [lng, lat];
};
const fields = (cells: Map<string, unknown[]>, names: string[]) =>
  Object.fromEntries(names.map((n) => [n, first(cells, n)]).filter(([, v]) => v !== undefined));

type R = typeof api.emergencyResources;

const teamRegister: Register<api.emergencyResources.Team, z.output<R['teamInput']>> = {
  title: '救援队伍',
  columns: [
    { header: '队伍名称', width: 28, field: 'name', required: true, read: textCell, write: (t) => t.name },
    {
      header: '队伍类型',
      width: 16,
      field: 'kind',
      required: true,
      read: byLabel(em.teamKindLabels, '队伍类型'),
      write: (t) => em.teamKindLabels[t.kind].zh,
    },
    { header: '专业', width: 16, field: 'speciality', read: textCell, write: (t) => t.speciality },
    { header: '人数', width: 8, field: 'members', read: numberCell, write: (t) => t.members },
    { header: '负责人', width: 10, field: 'leader', read: textCell, write: (t) => t.leader },
    { header: '联系电话', width: 16, field: 'phone', read: textCell, write: (t) => t.phone },
    { header: '地址', width: 24, field: 'address', read: textCell, write: (t) => t.address },
    ...lngColumn<api.emergencyResources.Team>(),
    ownerColumn<api.emergencyResources.Team>(),
  ],
  schema: api.emergencyResources.teamInput,
  candidate: (c) => ({
    ...fields(c, ['name', 'kind', 'speciality', 'members', 'leader', 'phone', 'address', 'orgId']),
    location: location(c),
  }),
  rows: (db, actor) => service.allTeams(db, actor, {}),
  insert: service.insertTeam,
};

const expertRegister: Register<api.emergencyResources.Expert, z.output<R['expertInput']>> = {
  title: '专家库',
  columns: [
    { header: '姓名', width: 12, field: 'name', required: true, read: textCell, write: (e) => e.name },
    {
      header: '专业领域',
      width: 24,
      field: 'specialities',
      required: true,
      read: (text, raw, bad) => list(text).map((s) => byLabel(em.expertSpecialityLabels, '专业领域')(s, raw, bad)),
      write: (e) => e.specialities.map((s) => em.expertSpecialityLabels[s].zh).join('、'),
    },
    { header: '工作单位', width: 24, field: 'employer', read: textCell, write: (e) => e.employer },
    { header: '职称', width: 12, field: 'title', read: textCell, write: (e) => e.title },
    { header: '联系电话', width: 16, field: 'phone', read: textCell, write: (e) => e.phone },
    ...lngColumn<api.emergencyResources.Expert>(),
    ownerColumn<api.emergencyResources.Expert>(),
  ],
  schema: api.emergencyResources.expertInput,
  candidate: (c) => ({ ...fields(c, ['name', 'specialities', 'employer', 'title', 'phone', 'orgId']), location: location(c) ?? null }),
  rows: (db, actor) => service.allExperts(db, actor, {}),
  insert: service.insertExpert,
};

const supplyRegister: Register<api.emergencyResources.Supply, z.output<R['supplyInput']>> = {
  title: '应急物资',
  columns: [
    {
      header: '储备库',
      width: 24,
      field: 'storeId',
      required: true,
      read: (text, _raw, bad, l) => {
        const id = l.stores.get(text);
        if (text && !id) bad(bi(`储备库“${text}”不存在或不在您的管理范围内`, `Store “${text}” does not exist or is outside your reach`));
        return id;
      },
      write: (s) => s.storeName,
    },
    { header: '物资名称', width: 20, field: 'name', required: true, read: textCell, write: (s) => s.name },
    { header: '类别', width: 12, field: 'category', read: textCell, write: (s) => s.category },
    { header: '规格型号', width: 16, field: 'specification', read: textCell, write: (s) => s.specification },
    { header: '单位', width: 8, field: 'unit', required: true, read: textCell, write: (s) => s.unit },
    { header: '库存数量', width: 10, field: 'quantity', read: numberCell, write: (s) => s.quantity },
    { header: '最低库存', width: 10, field: 'minQuantity', read: numberCell, write: (s) => s.minQuantity },
    {
      header: '有效期至',
      width: 12,
      field: 'expiresOn',
      read: (text) => text || null,
      write: (s) => s.expiresOn,
    },
  ],
  schema: api.emergencyResources.supplyInput,
  candidate: (c) => fields(c, ['storeId', 'name', 'category', 'specification', 'unit', 'quantity', 'minQuantity', 'expiresOn']),
  rows: (db, actor) => service.allSupplies(db, actor, {}),
  insert: service.insertSupply,
};

const shelterRegister: Register<api.emergencyResources.Shelter, z.output<R['shelterInput']>> = {
  title: '避难场所',
  columns: [
    { header: '场所名称', width: 28, field: 'name', required: true, read: textCell, write: (s) => s.name },
    {
      header: '类型',
      width: 20,
      field: 'type',
      required: true,
      read: byLabel(em.shelterTypeLabels, '类型'),
      write: (s) => em.shelterTypeLabels[s.type].zh,
    },
    {
      header: '有效避难面积（㎡）',
      width: 14,
      field: 'effectiveAreaM2',
      required: true,
      read: numberCell,
      write: (s) => s.effectiveAreaM2,
    },
    { header: '可容纳人数', width: 12, field: 'capacity', read: () => undefined, write: (s) => s.capacity },
    { header: '设施', width: 24, field: 'facilities', read: (t) => list(t), write: (s) => s.facilities.join('、') },
    {
      header: '服务街道社区',
      width: 24,
      field: 'servedAreaIds',
      read: (text, _raw, bad, l) =>
        list(text).map((name) => {
          const id = l.areas.get(name);
          if (!id) bad(bi(`没有名为“${name}”的街道或社区`, `No street or community named “${name}”`));
          return id ?? name;
        }),
      write: (s) => s.servedAreas.map((a) => a.name).join('、'),
    },
    { header: '地址', width: 24, field: 'address', read: textCell, write: (s) => s.address },
    { header: '管理人', width: 10, field: 'manager', read: textCell, write: (s) => s.manager },
    { header: '联系电话', width: 16, field: 'phone', read: textCell, write: (s) => s.phone },
    ...lngColumn<api.emergencyResources.Shelter>(),
    ownerColumn<api.emergencyResources.Shelter>(),
  ],
  schema: api.emergencyResources.shelterInput,
  candidate: (c) => ({
    ...fields(c, ['name', 'type', 'effectiveAreaM2', 'facilities', 'servedAreaIds', 'address', 'manager', 'phone', 'orgId']),
    location: location(c),
  }),
  rows: (db, actor) => service.allShelters(db, actor, {}),
  insert: service.insertShelter,
};

const stationRegister: Register<api.emergencyResources.FireStation, z.output<R['fireStationInput']>> = {
  title: '消防站',
  columns: [
    { header: '消防站名称', width: 28, field: 'name', required: true, read: textCell, write: (s) => s.name },
    { header: '地址', width: 24, field: 'address', read: textCell, write: (s) => s.address },
    { header: '联系电话', width: 16, field: 'phone', read: textCell, write: (s) => s.phone },
    { header: '人员', width: 8, field: 'personnel', read: numberCell, write: (s) => s.personnel },
    {
      header: '车辆',
      width: 30,
      field: 'vehicles',
      read: () => undefined,
      write: (s) => s.vehicles.map((v) => `${v.plate} ${v.model}`).join('、'),
    },
    ...lngColumn<api.emergencyResources.FireStation>(),
    ownerColumn<api.emergencyResources.FireStation>(),
  ],
  schema: api.emergencyResources.fireStationInput,
  candidate: (c) => ({ ...fields(c, ['name', 'address', 'phone', 'personnel', 'orgId']), location: location(c) }),
  rows: (db, actor) => service.allStations(db, actor, {}),
  insert: service.insertStation,
};

/** The registers with a sheet, by the contract's path segment. */
export const registers = {
  teams: teamRegister,
  experts: expertRegister,
  supplies: supplyRegister,
  shelters: shelterRegister,
  'fire-stations': stationRegister,
} as const;
export type RegisterName = keyof typeof registers;

/** The register as an xlsx whose columns are the import's: fill in or edit and import it back. */
export async function registerWorkbook(db: Db, actor: Actor, name: RegisterName): Promise<{ name: string; bytes: Buffer }> {
  const register = registers[name] as Register<unknown, unknown>;
  const items = await register.rows(db, actor);
  const day = shanghaiDateOf(now(db));
  const wb = new ExcelJS.Workbook();
  wb.creator = 'CitySafe 城安';
  const sheet = wb.addWorksheet(register.title, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.addRow(register.columns.map((c) => c.header));
  sheet.getRow(1).font = { bold: true };
  for (const item of items) sheet.addRow(register.columns.map((c) => c.write(item) ?? ''));
  register.columns.forEach((c, i) => {
    sheet.getColumn(i + 1).width = c.width;
  });
  return { name: `${register.title}-${day}.xlsx`, bytes: Buffer.from(await wb.xlsx.writeBuffer()) };
}

async function lookups(tx: Tx, actor: Actor): Promise<Lookups> {
  const owners = await tx
    .select({ id: orgs.id, name: orgs.name, shortName: orgs.shortName, code: orgs.code })
    .from(orgs)
    .where(scopeCondition(actor, 'emergency.resource', orgs.id));
  const ownerMap = new Map<string, string>();
  for (const o of owners) for (const key of [o.name, o.shortName, o.code]) if (key) ownerMap.set(key, o.id);
  const storeRows = await tx
    .select({ id: stores.id, name: stores.name })
    .from(stores)
    .where(scopeCondition(actor, 'emergency.resource', stores.orgId));
  const areaRows = await tx
    .select({ id: orgs.id, name: orgs.name, shortName: orgs.shortName })
    .from(orgs)
    .where(sql`${orgs.type} in ('street', 'community') and ${service.districtOf(actor, orgs.id)}`);
  const areas = new Map<string, string>();
  for (const a of areaRows) for (const key of [a.name, a.shortName]) if (key) areas.set(key, a.id);
  return { owners: ownerMap, stores: new Map(storeRows.map((s) => [s.name, s.id])), areas };
}

interface Parsed {
  row: number;
  name: string;
  input: unknown;
  errors: ImportError[];
}

/** Reads and checks every row against the contract's own input schema (what the form accepts); nothing is written. */
async function parseRows(platform: Platform, tx: Tx, actor: Actor, name: RegisterName, bytes: Buffer): Promise<Parsed[]> {
  const register = registers[name] as Register<unknown, unknown>;
  const sheet = await readSheet(bytes, { sheet: register.title, headerRows: 1, maxRows: IMPORT_MAX_ROWS }, platform.config.imports);
  const header = sheet.rows[0]?.number === 1 ? sheet.rows[0].cells : [];
  const norm = (h: string) => h.replace(/[*＊\s]/g, '');
  const at = new Map<number, Column<unknown>>();
  for (const [col, value] of header) {
    const c = register.columns.find((x) => norm(x.header) === norm(String(value)));
    if (c) at.set(col, c);
  }
  const have = new Set([...at.values()]);
  const missing = register.columns.filter((c) => c.required && !have.has(c)).map((c) => c.header);
  if (missing.length > 0)
    throw new AppError('VALIDATION', undefined, {
      fields: [{ field: 'file', message: bi(`第 1 行缺少列：${missing.join('、')}`, `Row 1 lacks the columns ${missing.join(', ')}`) }],
    });
  const known = await lookups(tx, actor);
  const parsed: Parsed[] = [];
  for (const { number: n, cells } of sheet.rows) {
    if (n === 1) continue;
    const byCol = new Map(cells);
    const errors: ImportError[] = [];
    const values = new Map<string, unknown[]>();
    for (const [col, column] of at) {
      const raw = byCol.get(col) ?? '';
      const text = String(raw).trim();
      const value = column.read(
        text,
        typeof raw === 'number' ? raw : text,
        (message) => errors.push({ row: n, field: column.header, message }),
        known,
      );
      values.set(column.field, [...(values.get(column.field) ?? []), value]);
    }
    const candidate = register.candidate(values);
    const checked = register.schema.safeParse(candidate);
    if (!checked.success && errors.length === 0)
      for (const issue of checked.error.issues) {
        const field = String(issue.path[0] ?? '');
        const column = register.columns.find((c) => c.field === field);
        const [zh, en] = issue.message.includes(' / ') ? issue.message.split(' / ') : [issue.message, issue.message];
        errors.push({ row: n, field: column?.header ?? field, message: bi(column ? zh! : `${field}：${zh}`, en!) });
      }
    parsed.push({ row: n, name: String(candidate.name ?? ''), input: checked.success ? checked.data : null, errors });
  }
  if (parsed.length === 0)
    throw new AppError('VALIDATION', undefined, { fields: [{ field: 'file', message: bi('没有数据行', 'The sheet has no rows') }] });
  return parsed;
}

function report(parsed: Parsed[], imported: number): api.emergencyResources.ImportReport {
  return {
    total: parsed.length,
    valid: parsed.filter((p) => p.errors.length === 0).length,
    errors: parsed.flatMap((p) => p.errors),
    rows: parsed.slice(0, PREVIEW_ROWS).map((p) => ({ row: p.row, name: p.name, valid: p.errors.length === 0 })),
    imported,
  };
}

/** 导入预检: every row checked, every problem listed with its row and column; nothing saved. */
export async function previewImport(platform: Platform, actor: Actor, name: RegisterName, bytes: Buffer) {
  return report(await parseRows(platform, platform.db, actor, name, bytes), 0);
}

/**
 * Imports the rows of a checked sheet in one transaction, each through the register's own insert (the
 * reach and the audit as for the form). A file with a bad row imports nothing (422 with the report) unless
 * the caller chose to import the valid rows.
 */
export async function commitImport(platform: Platform, actor: Actor, name: RegisterName, bytes: Buffer, validOnly: boolean) {
  const register = registers[name] as Register<unknown, unknown>;
  const parsed = await parseRows(platform, platform.db, actor, name, bytes);
  const checked = report(parsed, 0);
  if (checked.errors.length > 0 && !validOnly)
    throw new AppError(
      'RULE_VIOLATION',
      bi(
        `有 ${checked.total - checked.valid} 行存在错误，未导入任何数据；请修改后重新上传，或选择只导入正确的行`,
        `${checked.total - checked.valid} rows have errors; nothing was imported. Correct them, or choose to import the valid rows`,
      ),
      { details: { report: checked } },
    );
  const imported = await platform.db.transaction(async (tx) => {
    let count = 0;
    for (const p of parsed) {
      if (p.errors.length > 0 || p.input === null) continue;
      await register.insert(tx, actor, p.input);
      count++;
    }
    return count;
  });
  return { ...checked, imported };
}
