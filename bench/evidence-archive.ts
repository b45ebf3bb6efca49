/**
 * Evidence-archive benchmark (`npm run bench:evidence`): a unit's reports carry BENCH_EVIDENCE_FILES files of
 * BENCH_EVIDENCE_MB each (default 60 × 10 MB = 600 MB; the issue speaks of 2 GB: 200 × 10), then 安委办's
 * GET /api/campaigns/:id/evidence.zip is read to the end while the server's resident memory is sampled every 50 ms.
 * The archive is streamed if the server's peak memory grows by far less than the archive's size.
 * Baseline in the same run: the same stored files read straight from the data directory one after the other (the
 * fastest the bytes could leave the disk), so the ratio is the archive's cost over reading the files.
 * Prints one JSON object on stdout; progress goes to stderr. Never run by the tests.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ADMIN_PASSWORD, loginSession, round, rssMiB, startServer, stopServer } from './server.ts';

const FILES = Number(process.env.BENCH_EVIDENCE_FILES ?? 60);
const MB = Number(process.env.BENCH_EVIDENCE_MB ?? 10);
const PASSWORD = 'Bench-Unit#2026';
const log = (line: string) => process.stderr.write(`${line}\n`);

type Session = { cookie: string; csrfToken: string };
async function json<T>(url: string, session: Session, init: RequestInit = {}): Promise<T> {
  const res = await fetch(url, {
    ...init,
    headers: {
      cookie: session.cookie,
      'x-csrf-token': session.csrfToken,
      ...(typeof init.body === 'string' ? { 'content-type': 'application/json' } : {}),
    },
  });
  if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${url} answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as T;
}

/** A PDF-headed file of `mb` MiB of random bytes: incompressible, like scanned evidence. */
const evidence = (i: number) => Buffer.concat([Buffer.from(`%PDF-1.4\n% bench evidence ${i}\n`), randomBytes(MB * 1024 * 1024)]);

async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'citysafe-bench-evidence-'));
  const server = await startServer(dataDir);
  const { url } = server;
  try {
    const admin = await loginSession(url, 'admin', ADMIN_PASSWORD);
    const campaign = await json<{ id: string }>(`${url}/api/campaigns`, admin, {
      method: 'POST',
      body: JSON.stringify({ title: '国家安全发展示范城市创建工作（压测）' }),
    });
    const orgs = await json<{ items: { id: string; code: string; name: string }[] }>(`${url}/api/orgs?pageSize=2000`, admin);
    const unitOrg = orgs.items.find((o) => o.name === '应急管理局')!;
    await json(`${url}/api/users`, admin, {
      method: 'POST',
      body: JSON.stringify({
        username: 'bench_unit',
        password: PASSWORD,
        displayName: '压测单位',
        orgId: unitOrg.id,
        roles: ['department'],
        mustChangePassword: false,
      }),
    });
    const unit = await loginSession(url, 'bench_unit', PASSWORD);
    const tasks = await json<{ items: { id: string; seq: number }[] }>(`${url}/api/campaigns/${campaign.id}/tasks?pageSize=200`, unit);
    const task = await json<{ assignments: { id: string; orgId: string }[] }>(`${url}/api/campaign-tasks/${tasks.items[0]!.id}`, unit);
    const part = task.assignments.find((a) => a.orgId === unitOrg.id)!;

    log(`uploading ${FILES} × ${MB} MiB of evidence …`);
    const fileIds: string[] = [];
    for (let i = 0; i < FILES; i++) {
      const form = new FormData();
      form.append('file', new Blob([evidence(i)], { type: 'application/pdf' }), `佐证材料-${String(i + 1).padStart(3, '0')}.pdf`);
      const res = await fetch(`${url}/api/files`, {
        method: 'POST',
        headers: { cookie: unit.cookie, 'x-csrf-token': unit.csrfToken },
        body: form,
      });
      if (res.status !== 201) throw new Error(`upload answered ${res.status}: ${await res.text()}`);
      fileIds.push(((await res.json()) as { id: string }).id);
      // A report carries at most 30 files.
      if (fileIds.length === 30 || i === FILES - 1) {
        await json(`${url}/api/campaign-assignments/${part.id}/actions/report`, unit, {
          method: 'POST',
          body: JSON.stringify({ text: '压测：报送佐证材料', percent: 50, fileIds: fileIds.splice(0) }),
        });
      }
    }

    // The archive, read to the end while the server's memory is sampled.
    const before = rssMiB(server.pid);
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, rssMiB(server.pid))), 50);
    const started = performance.now();
    const res = await fetch(`${url}/api/campaigns/${campaign.id}/evidence.zip`, { headers: { cookie: admin.cookie } });
    if (!res.ok || !res.body) throw new Error(`evidence.zip answered ${res.status}`);
    let zipBytes = 0;
    for await (const chunk of res.body) zipBytes += (chunk as Uint8Array).length;
    const archiveMs = performance.now() - started;
    clearInterval(sampler);

    // Baseline: the stored files read straight off the disk, one after the other.
    const stored: string[] = [];
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (fs.statSync(full).size >= MB * 1024 * 1024) stored.push(full);
      }
    };
    walk(path.join(dataDir, 'files'));
    const baseStarted = performance.now();
    let rawBytes = 0;
    for (const file of stored) for await (const chunk of fs.createReadStream(file)) rawBytes += (chunk as Buffer).length;
    const baselineMs = performance.now() - baseStarted;

    const mib = (n: number) => round(n / 1024 / 1024);
    console.log(
      JSON.stringify(
        {
          files: FILES,
          fileMiB: MB,
          archive: {
            zipMiB: mib(zipBytes),
            ms: Math.round(archiveMs),
            MiBPerS: round(mib(zipBytes) / (archiveMs / 1000)),
            serverRssBeforeMiB: before,
            serverRssPeakMiB: peak,
            serverRssGrowthMiB: round(peak - before),
          },
          baseline: { storedFiles: stored.length, readMiB: mib(rawBytes), ms: Math.round(baselineMs) },
          ratio: round(archiveMs / baselineMs, 2),
          growthShareOfArchive: round((peak - before) / mib(zipBytes), 3),
        },
        null,
        2,
      ),
    );
  } finally {
    await stopServer(server);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
