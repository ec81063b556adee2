#!/usr/bin/env node
// Prisma on machines without access to Prisma's binary site (see README, "Storage"):
// - `generate` derives one schema per provider from prisma/schema.prisma and generates
//   a client for each with Prisma 7, which never runs its schema engine for that;
// - `migration <name>` writes the SQL for a new migration for both providers with
//   Prisma 6's WebAssembly schema engine, diffing against the last snapshot.
// Charter applies the SQL itself at start (src/storage/migrator.ts).
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');
const { execFileSync } = require('node:child_process');

const root = path.resolve(__dirname, '..');
const source = path.join(root, 'prisma', 'schema.prisma');
const providers = ['sqlite', 'postgresql'];

function derive(provider, { forMigrate = false } = {}) {
  let text = fs.readFileSync(source, 'utf8');
  text = text.replace(/provider\s*=\s*"sqlite"/, `provider = "${provider}"`);
  text = text.replace(/output\s*=\s*"\.\.\/src\/storage\/generated\/sqlite"/,
    `output = "../../../src/storage/generated/${provider}"`);
  if (forMigrate) {
    // Prisma 6 insists on a url in the datasource; it is never connected to for a diff.
    const url = provider === 'sqlite' ? 'file:./unused.db' : 'postgresql://unused@127.0.0.1:1/unused';
    text = text.replace(`provider = "${provider}"`, `provider = "${provider}"\n  url      = "${url}"`);
  }
  const dir = path.join(root, 'prisma', '.generated', provider);
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, forMigrate ? 'migrate.prisma' : 'schema.prisma');
  fs.writeFileSync(file, text);
  return file;
}

function generate({ force = false } = {}) {
  const hash = crypto.createHash('sha256')
    .update(fs.readFileSync(source))
    .update(require(path.join(root, 'node_modules', 'prisma', 'package.json')).version)
    .digest('hex');
  const stamp = path.join(root, 'src', 'storage', 'generated', '.stamp');
  if (!force && fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === hash) return false;
  const cli = path.join(root, 'node_modules', 'prisma', 'build', 'index.js');
  for (const provider of providers) {
    const file = derive(provider);
    execFileSync(process.execPath, [cli, 'generate', '--schema', file], {
      cwd: root,
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY || '/bin/false', PRISMA_HIDE_UPDATE_MESSAGE: '1' },
    });
  }
  fs.writeFileSync(stamp, hash);
  return true;
}

async function migration(name) {
  if (!/^[a-z0-9_]+$/.test(name || '')) throw new Error('usage: npm run db:migration -- <snake_case_name>');
  const stampName = `${new Date().toISOString().replace(/\D/g, '').slice(0, 14)}_${name}`;
  const cli = path.join(root, 'node_modules', 'prisma6', 'build', 'index.js');
  // Prisma 6's engine opens its PostgreSQL adapter even for a pure datamodel diff.
  const pg = await require('./postgres').start();
  try {
  for (const provider of providers) {
    const dir = path.join(root, 'prisma', 'migrations', provider);
    fs.mkdirSync(dir, { recursive: true });
    const snapshot = path.join(dir, 'snapshot.prisma');
    const target = derive(provider, { forMigrate: true });
    const configFile = path.join(root, 'prisma', '.generated', provider, 'prisma.config.js');
    fs.writeFileSync(configFile, migrateConfig(provider, pg.port));
    const from = fs.existsSync(snapshot) ? ['--from-schema-datamodel', snapshot] : ['--from-empty'];
    const sql = execFileSync(process.execPath, [cli, 'migrate', 'diff', ...from, '--to-schema-datamodel', target, '--script', '--config', configFile], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: '/bin/false', PRISMA_QUERY_ENGINE_LIBRARY: '/bin/false', PRISMA_HIDE_UPDATE_MESSAGE: '1' },
    });
    if (!/\S/.test(sql.replace(/^--.*$/gm, ''))) { console.log(`${provider}: no changes`); continue; }
    const out = path.join(dir, stampName);
    fs.mkdirSync(out, { recursive: true });
    fs.writeFileSync(path.join(out, 'migration.sql'), sql);
    fs.copyFileSync(target, snapshot);
    console.log(`${provider}: wrote ${path.relative(root, out)}/migration.sql`);
  }
  } finally {
    await pg.stop();
  }
}

// Prisma 6's config, written beside the derived schema: its WebAssembly engine needs a driver
// adapter even for a diff between two datamodels, which never opens a connection.
function migrateConfig(provider, pgPort) {
  const adapter = provider === 'sqlite'
    ? `const { PrismaBetterSqlite3 } = require(${JSON.stringify(require.resolve('@prisma/adapter-better-sqlite3', { paths: [root] }))});
       return new PrismaBetterSqlite3({ url: ':memory:' });`
    : `const { PrismaPg } = require(${JSON.stringify(require.resolve('@prisma/adapter-pg', { paths: [root] }))});
       return new PrismaPg({ host: '127.0.0.1', port: ${pgPort}, user: 'postgres', database: 'charter' });`;
  return `module.exports = { schema: ${JSON.stringify(derive(provider, { forMigrate: true }))}, experimental: { adapter: true }, engine: 'js', adapter: async () => { ${adapter} } };\n`;
}

if (require.main === module) {
  const [cmd, arg] = process.argv.slice(2);
  if (cmd === 'generate') generate({ force: arg === '--force' });
  else if (cmd === 'migration') migration(arg).catch((e) => { console.error(e.message); process.exit(1); });
  else { console.error('usage: node scripts/prisma.js generate|migration <name>'); process.exit(2); }
}

module.exports = { generate, migration };
