import { Readable } from 'node:stream';
import { AppError, bi, campaign as plan } from '@citysafe/domain';
import archiver from 'archiver';
import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { type Actor, inScope, scopeCondition } from '../../platform/actor.js';
import { type Db, now, rows } from '../../platform/db.js';
import { safeFileName } from '../../platform/files.js';
import type { Platform } from '../../platform/platform.js';
import { orgs } from '../identity/index.js';
import { readableCampaign } from './campaign.service.js';
import { campaignAssignments, scoringItems, scoringItemTasks } from './campaign.tables.js';

/** One evidence file as the archive files it: where it goes, and the index's line about it. */
interface EvidenceLine {
  folder: string;
  itemCodes: string;
  seq: number;
  content: string;
  unit: string;
  kind: string;
  fileName: string;
  storageKey: string;
  uploadedBy: string;
  uploadedAt: Date;
  acceptedAt: Date | null;
}

interface EvidenceRow {
  file_id: string;
  file_name: string;
  storage_key: string;
  author_name: string;
  report_kind: string;
  reported_at: Date | string;
  task_id: string;
  seq: number;
  content: string;
  unit: string;
  accepted_at: Date | string | null;
}

const kindLabel: Record<string, string> = { report: '进展报送', submit: '提交验收' };

/** Names Windows keeps for devices, with or without an extension. */
const reservedName = /^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$/i;

/**
 * A name that is one folder or file of a zip on every system: what `safeFileName` makes of an upload's name (no
 * control, invisible or reserved characters) — separators first turned into "_", since it keeps only the last segment
 * and a task's text may hold a "/" — cut to `max` characters, not ending in a dot or a space, not a device name.
 */
const pathPart = (text: string, max = 40): string => {
  const clean = safeFileName(text.replace(/[\\/]/g, '_')).replace(/\s+/g, ' ');
  const cut =
    [...clean]
      .slice(0, max)
      .join('')
      .trim()
      .replace(/[. ]+$/, '_') || '_';
  return reservedName.test(cut) ? `_${cut}` : cut;
};

const taskFolder = (seq: number, content: string) => `${String(seq).padStart(3, '0')} ${pathPart(content, 24)}`;

/**
 * The evidence archive for the 上级复核 (`GET /api/campaigns/:id/evidence.zip`): every evidence file the units' reports
 * carry, in folders by scoring item (when one is chosen) or by task, then by unit, with an index workbook
 * (佐证材料清单.xlsx: item, task, unit, file, uploaded by and when, accepted when). What the caller may read only: the
 * whole campaign for 安委办, a unit's own parts for a unit. Narrowed to one scoring item (and its lower items) or one
 * unit. The zip is streamed: each stored file is opened when the archive reaches it, so a large archive never sits in
 * memory.
 */
export async function evidenceArchive(
  platform: Platform,
  actor: Actor,
  campaignId: string,
  q: { itemId?: string; orgId?: string },
): Promise<{ name: string; stream: Readable; stop: () => void }> {
  const db = platform.db;
  const { c, org } = await readableCampaign(db, actor, campaignId);
  const whole = inScope(actor, 'campaign.read', org);

  // The chosen scoring item and its lower items, each with its linked tasks: the folders of an item's archive.
  let itemFolders: Map<string, { folder: string; code: string }[]> | null = null;
  let itemName = '';
  if (q.itemId) {
    const items = await db.select().from(scoringItems).where(eq(scoringItems.campaignId, campaignId)).orderBy(asc(scoringItems.sortOrder));
    const chosen = items.find((i) => i.id === q.itemId);
    if (!chosen) throw new AppError('NOT_FOUND', bi('评分项不存在', 'No such scoring item'));
    itemName = `${chosen.code} ${chosen.name}`;
    const subtree = new Set([chosen.id]);
    for (let grew = true; grew;) {
      grew = false;
      for (const i of items)
        if (i.parentId && subtree.has(i.parentId) && !subtree.has(i.id)) {
          subtree.add(i.id);
          grew = true;
        }
    }
    const links = await db
      .select({ itemId: scoringItemTasks.itemId, taskId: scoringItemTasks.taskId })
      .from(scoringItemTasks)
      .where(inArray(scoringItemTasks.itemId, [...subtree]));
    itemFolders = new Map();
    for (const link of links) {
      const item = items.find((i) => i.id === link.itemId)!;
      const list = itemFolders.get(link.taskId) ?? [];
      list.push({ folder: `${pathPart(`${item.code} ${item.name}`)}/`, code: item.code });
      itemFolders.set(link.taskId, list);
    }
  }

  const conditions: SQL[] = [eq(campaignAssignments.campaignId, campaignId)];
  if (!whole) conditions.push(scopeCondition(actor, 'campaign.read', campaignAssignments.orgId));
  if (q.orgId) conditions.push(eq(campaignAssignments.orgId, q.orgId));
  if (itemFolders) conditions.push(itemFolders.size ? inArray(campaignAssignments.taskId, [...itemFolders.keys()]) : sql`false`);
  const found = await rows<EvidenceRow>(
    db,
    sql`select f.id as file_id, f.name as file_name, f.storage_key, r.author_name, r.kind as report_kind,
          r.created_at as reported_at, t.id as task_id, t.seq, t.content, o.name as unit,
          -- The part's acceptance, while it stands (a part reopened after it is not accepted).
          case when ${campaignAssignments.status} = 'accepted' then (select max(w.at) from workflow_transitions w
            where w.entity_type = ${plan.assignmentWorkflow.entity} and w.entity_id = ${campaignAssignments.id}::text
              and w.action = 'accept') end as accepted_at
        from ${campaignAssignments}
        join campaign_tasks t on t.id = ${campaignAssignments.taskId}
        join ${orgs} o on o.id = ${campaignAssignments.orgId}
        join campaign_reports r on r.assignment_id = ${campaignAssignments.id}
        join files f on f.id = any(r.file_ids)
        where ${and(...conditions)}
        order by t.seq, o.name, r.created_at, f.name`,
  );
  if (q.orgId && found.length === 0 && !(await orgInCampaign(db, actor, campaignId, q.orgId, whole)))
    throw new AppError('NOT_FOUND', bi('该单位不是本次创建工作的责任单位', 'The unit has no part in this campaign'));

  const lines: EvidenceLine[] = [];
  for (const r of found) {
    const folders = itemFolders?.get(r.task_id) ?? [{ folder: '', code: '' }];
    for (const { folder, code } of folders)
      lines.push({
        folder: `${folder}${taskFolder(r.seq, r.content)}/${pathPart(r.unit)}/`,
        itemCodes: itemFolders ? code : '',
        seq: r.seq,
        content: r.content,
        unit: r.unit,
        kind: kindLabel[r.report_kind] ?? r.report_kind,
        fileName: r.file_name,
        storageKey: r.storage_key,
        uploadedBy: r.author_name,
        uploadedAt: new Date(r.reported_at),
        acceptedAt: r.accepted_at ? new Date(r.accepted_at) : null,
      });
  }
  // A file name met twice in one folder (two reports attaching 照片.jpg) is numbered, so that neither is lost; compared
  // without case, as Windows and macOS unpack them.
  const taken = new Set<string>();
  const paths = lines.map((line) => {
    const dot = line.fileName.lastIndexOf('.');
    const stem = pathPart(dot > 0 ? line.fileName.slice(0, dot) : line.fileName, 80);
    const ext = dot > 0 ? pathPart(line.fileName.slice(dot), 10) : '';
    let path = `${line.folder}${stem}${ext}`;
    for (let n = 2; taken.has(path.toLowerCase()); n++) path = `${line.folder}${stem} (${n})${ext}`;
    taken.add(path.toLowerCase());
    return path;
  });

  const at = now(db);
  const index = await indexWorkbook(c.title, itemName, lines, paths, at);
  // Stored, not deflated: evidence is PDF, photos and Office files, already compressed; deflating them again costs the
  // server's CPU for almost nothing.
  const archive = archiver('zip', { store: true });
  archive.append(index, { name: '佐证材料清单.xlsx', date: at });
  const sources = lines.map((line, i) => {
    // Opened only when the archive comes to it: one stored file at a time is read.
    const bytes = Readable.from(
      (async function* () {
        yield* await platform.files.get(line.storageKey);
      })(),
    );
    archive.append(bytes, { name: paths[i]!, date: line.uploadedAt });
    return bytes;
  });
  // A failure (a stored file that cannot be read) destroys the stream: the client sees the download fail, not a zip.
  archive.finalize().catch((error: unknown) => archive.destroy(error instanceof Error ? error : new Error(String(error))));
  const scope = itemName ? `（${pathPart(itemName, 30)}）` : '';
  return {
    name: `${pathPart(c.title, 60)}佐证材料${scope}.zip`,
    stream: archive,
    // The client went away: no further file is opened, the one being read is closed.
    stop: () => {
      archive.abort();
      for (const source of sources) source.destroy();
      archive.destroy();
    },
  };
}

/** Whether the unit has a part in the campaign that the caller may read (an empty archive for it is then right). */
async function orgInCampaign(db: Db, actor: Actor, campaignId: string, orgId: string, whole: boolean): Promise<boolean> {
  const [part] = await db
    .select({ id: campaignAssignments.id })
    .from(campaignAssignments)
    .where(
      and(
        eq(campaignAssignments.campaignId, campaignId),
        eq(campaignAssignments.orgId, orgId),
        whole ? undefined : scopeCondition(actor, 'campaign.read', campaignAssignments.orgId),
      ),
    )
    .limit(1);
  return part !== undefined;
}

async function indexWorkbook(title: string, itemName: string, lines: EvidenceLine[], paths: string[], at: Date): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'CitySafe 城安';
  wb.created = at;
  const sheet = wb.addWorksheet('佐证材料清单', { views: [{ state: 'frozen', ySplit: 2 }] });
  sheet.mergeCells('A1:J1');
  sheet.getCell('A1').value = `${title} 佐证材料清单${itemName ? `（评分项 ${itemName}）` : ''}（${plan.shanghaiDateOf(at)}）`;
  sheet.getCell('A1').font = { bold: true, size: 14 };
  sheet.addRow(['评分项', '任务序号', '主要目标任务', '责任单位', '报送类型', '文件名', '压缩包内位置', '上传人', '上传时间', '验收时间']);
  sheet.getRow(2).font = { bold: true };
  const time = (d: Date) => `${plan.shanghaiDateOf(d)} ${d.toLocaleTimeString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false })}`;
  lines.forEach((line, i) =>
    sheet.addRow([
      line.itemCodes,
      line.seq,
      line.content,
      line.unit,
      line.kind,
      line.fileName,
      paths[i],
      line.uploadedBy,
      time(line.uploadedAt),
      line.acceptedAt ? time(line.acceptedAt) : '未验收',
    ]),
  );
  sheet.columns.forEach((col, i) => {
    col.width = [10, 8, 40, 18, 10, 30, 50, 12, 20, 20][i];
    col.alignment = { vertical: 'top', wrapText: true };
  });
  sheet.pageSetup = { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '2:2' };
  sheet.autoFilter = { from: { row: 2, column: 1 }, to: { row: 2, column: 10 } };
  return Buffer.from(await wb.xlsx.writeBuffer());
}
