#!/usr/bin/env node
// Starts a throwaway Apache Kafka broker for tests: one combined broker+controller KRaft node on
// 127.0.0.1, run from the broker's jars on Maven Central with the machine's Java (no Docker, no
// Apache download site). Clients authenticate with SASL (PLAIN, SCRAM-SHA-256, SCRAM-SHA-512) and
// StandardAuthorizer enforces ACLs, with `admin` as the one super user.
// Usage from code: const kafka = await start(); ... kafka.bootstrap, kafka.users ...; await kafka.stop();
// From the shell: node scripts/kafka.js start [port]   (prints the bootstrap, keeps running)
//                 node scripts/kafka.js fetch          (only downloads the jars)
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const net = require('node:net');
const crypto = require('node:crypto');
const { spawn, spawnSync } = require('node:child_process');

// Kafka 4.x brokers need Java 17 or newer (KIP-1013); 4.4.0's broker classes are compiled for
// release 17 (class file version 61), so it runs on the machine's Java 17 and is tried first. The
// older 4.x releases are fallbacks for the day Maven Central cannot serve the newest one; a
// version that someday needs a newer Java fails the smoke test in fetchVersion and is skipped too.
// CHARTER_KAFKA_VERSION pins one.
const KAFKA_VERSIONS = process.env.CHARTER_KAFKA_VERSION ? [process.env.CHARTER_KAFKA_VERSION] : ['4.4.0', '4.3.1'];
// Kafka's POM brings log4j-core and slf4j-api 1.7 but no binding between them (the binary
// distribution adds it); without one the broker logs nothing and a failed start is a mystery.
const LOG4J_SLF4J = { groupId: 'org.apache.logging.log4j', artifactId: 'log4j-slf4j-impl' };
const DEPENDENCY_PLUGIN = 'org.apache.maven.plugins:maven-dependency-plugin:3.8.1';

const ADMIN = { username: 'admin', password: 'admin-secret' };
/** Every user can log in with PLAIN, SCRAM-SHA-256 and SCRAM-SHA-512; only admin is a super user. */
const USERS = { admin: ADMIN.password, alice: 'alice-secret', bob: 'bob-secret', carol: 'carol-secret' };

function log(msg) {
  process.stderr.write(`[kafka] ${msg}\n`);
}

function cacheRoot() {
  return process.env.CHARTER_KAFKA_CACHE || path.join(os.homedir(), '.cache', 'charter');
}

function javaMajor() {
  const res = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (res.error) throw new Error(`Kafka needs Java 17 or newer: could not run \`java\` (${res.error.message})`);
  const m = /version "(\d+)(?:\.(\d+))?/.exec(res.stderr + res.stdout);
  if (!m) throw new Error(`could not read the Java version from: ${res.stderr}`);
  return m[1] === '1' ? Number(m[2]) : Number(m[1]);
}

function pom(version, log4j) {
  const dep = (g, a, v) => `<dependency><groupId>${g}</groupId><artifactId>${a}</artifactId><version>${v}</version></dependency>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>charter</groupId><artifactId>kafka-test-broker</artifactId><version>${version}</version><packaging>pom</packaging>
  <dependencies>
    ${dep('org.apache.kafka', 'kafka_2.13', version)}
    ${dep(LOG4J_SLF4J.groupId, LOG4J_SLF4J.artifactId, log4j)}
  </dependencies>
</project>
`;
}

function run(cmd, args, opts) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], ...opts });
    let out = '';
    const keep = (d) => { out += d; if (out.length > 40000) out = out.slice(-20000); };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', (e) => reject(e.code === 'ENOENT' ? new Error(`\`${cmd}\` is not on PATH`) : e));
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`${cmd} ${args.join(' ')} exited with ${code}\n${out.slice(-6000)}`))));
  });
}

/** The log4j version Kafka's own POM resolves, so the slf4j binding matches log4j-core. */
function log4jVersion(libs) {
  const core = fs.readdirSync(libs).find((f) => /^log4j-core-.*\.jar$/.test(f));
  return core ? core.slice('log4j-core-'.length, -'.jar'.length) : null;
}

async function fetchVersion(version, dir) {
  const libs = path.join(dir, 'libs');
  const work = fs.mkdtempSync(path.join(dir, 'fetch-'));
  try {
    const stage = path.join(work, 'libs');
    const mvn = async (log4j) => {
      fs.writeFileSync(path.join(work, 'pom.xml'), pom(version, log4j));
      await run('mvn', ['-B', '-q', '-f', path.join(work, 'pom.xml'), `${DEPENDENCY_PLUGIN}:copy-dependencies`,
        `-DoutputDirectory=${stage}`, '-DincludeScope=runtime'], { cwd: work });
    };
    // First pass learns which log4j Kafka uses (a guess that is wrong only costs the second pass).
    await mvn('2.25.5');
    const want = log4jVersion(stage);
    if (want && !fs.existsSync(path.join(stage, `log4j-slf4j-impl-${want}.jar`))) {
      fs.rmSync(stage, { recursive: true, force: true });
      await mvn(want);
    }
    if (!fs.existsSync(path.join(stage, `kafka_2.13-${version}.jar`))) throw new Error(`Maven did not deliver kafka_2.13-${version}.jar`);
    // A smoke test of the classpath on this Java: a release built for a newer Java fails here
    // with UnsupportedClassVersionError, and a missing jar with NoClassDefFoundError.
    await run(...javaCommand(javaArgs(stage, work, 'kafka.tools.StorageTool', ['random-uuid'], '128m')));
    fs.writeFileSync(path.join(stage, '.complete'), `${fs.readdirSync(stage).filter((f) => f.endsWith('.jar')).sort().join('\n')}\n`);
    if (fs.existsSync(libs)) {
      // What is there failed the completeness check (a jar deleted by hand): set it aside first.
      const stale = `${libs}.stale-${process.pid}`;
      fs.renameSync(libs, stale);
      fs.rmSync(stale, { recursive: true, force: true });
    }
    fs.renameSync(stage, libs);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/** An exclusive lock file holding its owner's pid; a lock whose owner is gone is taken over. */
async function lock(file, timeoutMs = 600000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: 'wx' });
      return () => fs.rmSync(file, { force: true });
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
    }
    let owner = 0;
    let alive = true;
    try {
      owner = Number(fs.readFileSync(file, 'utf8')) || 0;
      // An empty file is a lock being written this instant, unless it has been empty for long.
      if (owner) process.kill(owner, 0);
      else alive = Date.now() - fs.statSync(file).mtimeMs < 10000;
    } catch (e) {
      alive = e.code === 'EPERM'; // ENOENT: released meanwhile; ESRCH: its owner died
    }
    if (!alive) fs.rmSync(file, { force: true });
    else if (Date.now() > deadline) throw new Error(`gave up waiting for process ${owner} to finish fetching Kafka (${file})`);
    else await new Promise((r) => setTimeout(r, 500));
  }
}

function isComplete(libs) {
  const marker = path.join(libs, '.complete');
  if (!fs.existsSync(marker)) return false;
  return fs.readFileSync(marker, 'utf8').split('\n').filter(Boolean).every((jar) => fs.existsSync(path.join(libs, jar)));
}

/**
 * Makes sure the broker's jars, with all their runtime dependencies, are in the cache
 * (~/.cache/charter/kafka-<version>/libs) and returns where. Only the first call on a machine
 * downloads (through mvn, into ~/.m2 as usual); later ones reuse a complete cache.
 */
async function ensureKafka() {
  const java = javaMajor();
  if (java < 17) throw new Error(`Kafka 4 needs Java 17 or newer; \`java\` on PATH is Java ${java}`);
  const failures = [];
  for (const version of KAFKA_VERSIONS) {
    const dir = path.join(cacheRoot(), `kafka-${version}`);
    const libs = path.join(dir, 'libs');
    if (isComplete(libs)) return { version, libs };
    fs.mkdirSync(dir, { recursive: true });
    // Jest workers start brokers at the same time: one fetches, the others wait for its result.
    const release = await lock(path.join(dir, 'fetch.lock'));
    try {
      if (isComplete(libs)) return { version, libs };
      log(`fetching Kafka ${version} and its dependencies from Maven Central (mvn)...`);
      const started = Date.now();
      await fetchVersion(version, dir);
      log(`fetched Kafka ${version} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      return { version, libs };
    } catch (e) {
      failures.push(`Kafka ${version}: ${e.message}`);
      log(`could not fetch Kafka ${version}${KAFKA_VERSIONS.length > 1 ? ', trying the next version' : ''}`);
    } finally {
      release();
    }
  }
  throw new Error(`could not prepare a Kafka broker from Maven Central\n${failures.join('\n\n')}`);
}

async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => { const { port } = srv.address(); srv.close(() => resolve(port)); });
  });
}

/** A Kafka Uuid as its tools print it: 16 random bytes, base64url; Kafka avoids a leading '-'. */
function clusterId() {
  for (;;) {
    const id = crypto.randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

function jaasString(value) {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function brokerProperties({ port, controllerPort, dataDir }) {
  const plainUsers = Object.entries(USERS).map(([u, p]) => `user_${u}=${jaasString(p)}`).join(' ');
  // The broker also talks to itself and to its controller as admin, so admin is its principal.
  const plain = (users) => `org.apache.kafka.common.security.plain.PlainLoginModule required username=${jaasString(ADMIN.username)} password=${jaasString(ADMIN.password)} ${users};`;
  const scram = 'org.apache.kafka.common.security.scram.ScramLoginModule required;';
  return {
    'process.roles': 'broker,controller',
    'node.id': '1',
    'controller.quorum.voters': `1@127.0.0.1:${controllerPort}`,
    listeners: `CLIENT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}`,
    'advertised.listeners': `CLIENT://127.0.0.1:${port}`,
    // The controller listener authenticates too: were it PLAINTEXT, its ANONYMOUS principal would
    // have to be a super user, and anyone reaching that port could then change ACLs.
    'listener.security.protocol.map': 'CLIENT:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT',
    'controller.listener.names': 'CONTROLLER',
    'inter.broker.listener.name': 'CLIENT',
    'sasl.mechanism.inter.broker.protocol': 'PLAIN',
    'sasl.mechanism.controller.protocol': 'PLAIN',
    'listener.name.client.sasl.enabled.mechanisms': 'PLAIN,SCRAM-SHA-256,SCRAM-SHA-512',
    'listener.name.client.plain.sasl.jaas.config': plain(plainUsers),
    'listener.name.client.scram-sha-256.sasl.jaas.config': scram,
    'listener.name.client.scram-sha-512.sasl.jaas.config': scram,
    'listener.name.controller.sasl.enabled.mechanisms': 'PLAIN',
    'listener.name.controller.plain.sasl.jaas.config': plain(`user_${ADMIN.username}=${jaasString(ADMIN.password)}`),
    'authorizer.class.name': 'org.apache.kafka.metadata.authorizer.StandardAuthorizer',
    'super.users': `User:${ADMIN.username}`,
    // Deny by default, as a production cluster with ACLs would: a user other than admin can touch
    // a topic or group only once an ACL allows it (tests create the ACLs they rely on).
    'allow.everyone.if.no.acl.found': 'false',
    'log.dirs': dataDir,
    'num.partitions': '1',
    'default.replication.factor': '1',
    'min.insync.replicas': '1',
    'auto.create.topics.enable': 'false',
    'offsets.topic.replication.factor': '1',
    'offsets.topic.num.partitions': '1',
    'transaction.state.log.replication.factor': '1',
    'transaction.state.log.min.isr': '1',
    'transaction.state.log.num.partitions': '1',
    'share.coordinator.state.topic.replication.factor': '1',
    'share.coordinator.state.topic.min.isr': '1',
    'group.initial.rebalance.delay.ms': '0',
    'num.network.threads': '2',
    'num.io.threads': '2',
    'num.recovery.threads.per.data.dir': '1',
    'log.cleaner.dedupe.buffer.size': String(8 * 1024 * 1024), // 128 MiB by default, a quarter of the heap
    'log.retention.check.interval.ms': '300000',
  };
}

function writeProperties(file, props) {
  // Java properties treat backslashes as escapes; the values here are plain apart from JAAS quotes.
  fs.writeFileSync(file, `${Object.entries(props).map(([k, v]) => `${k}=${String(v).replace(/\\/g, '\\\\')}`).join('\n')}\n`);
}

const LOG4J2 = `status = warn
appender.out.type = Console
appender.out.name = out
appender.out.target = SYSTEM_OUT
appender.out.layout.type = PatternLayout
appender.out.layout.pattern = [%d{HH:mm:ss,SSS}] %p %m (%c)%n
rootLogger.level = INFO
rootLogger.appenderRef.out.ref = out
logger.state.name = state.change.logger
logger.state.level = WARN
logger.request.name = kafka.request.logger
logger.request.level = WARN
`;

/** Keeps the last lines a process printed, for error messages. */
function tail(limit = 300) {
  const lines = [];
  let partial = '';
  return {
    push(chunk) {
      const parts = (partial + chunk).split('\n');
      partial = parts.pop();
      lines.push(...parts);
      if (lines.length > limit) lines.splice(0, lines.length - limit);
    },
    text(n = 60) { return [...lines, partial].filter(Boolean).slice(-n).join('\n'); },
  };
}

function javaArgs(libs, dir, mainClass, args, heap) {
  return [
    // A test broker lives for seconds to minutes on a 2-core machine: the client compiler alone
    // and the serial collector start it faster and leave the other core to the tests.
    `-Xmx${heap}`, '-Xms64m', '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1',
    '-Djava.awt.headless=true', '-Djava.net.preferIPv4Stack=true',
    `-Dlog4j2.configurationFile=${path.join(dir, 'log4j2.properties')}`,
    '-cp', `${libs}${path.sep}*`, mainClass, ...args,
  ];
}

/** The JVM dies with us even when we are killed outright: setpriv asks the kernel for that. */
function javaCommand(args) {
  const setpriv = ['/usr/bin/setpriv', '/bin/setpriv'].find((p) => fs.existsSync(p));
  return setpriv && process.platform === 'linux' ? [setpriv, ['--pdeathsig', 'KILL', '--', 'java', ...args]] : ['java', args];
}

async function waitReady(bootstrap, child, out, timeoutMs) {
  // eslint-disable-next-line global-require -- kafkajs is a dev dependency; fetch works without it
  const { Kafka, logLevel } = require('kafkajs');
  const kafka = new Kafka({
    clientId: 'charter-kafka-ready', brokers: [bootstrap], sasl: { mechanism: 'plain', ...ADMIN },
    logLevel: logLevel.NOTHING, connectionTimeout: 1000, requestTimeout: 3000, retry: { retries: 0 },
  });
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`the Kafka broker exited (${child.exitCode ?? child.signalCode}) before it was ready\n${out.text()}`);
    }
    const admin = kafka.admin();
    try {
      await admin.connect();
      await admin.listTopics();
      // The first group request creates __consumer_offsets and loads its coordinator; until then
      // consumers fail with COORDINATOR_LOAD_IN_PROGRESS, so ready means ready for groups too.
      await admin.describeGroups(['charter-ready']);
      return;
    } catch (e) {
      last = e;
    } finally {
      await admin.disconnect().catch(() => {});
    }
    if (Date.now() > deadline) {
      throw new Error(`the Kafka broker on ${bootstrap} was not ready after ${timeoutMs / 1000} s (last error: ${last && last.message})\n${out.text()}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * Starts one broker+controller on 127.0.0.1 with a fresh log dir and returns how to reach it.
 * `stop()` ends the JVM and deletes the broker's files.
 */
async function start({ port, heap = '512m', readyTimeoutMs = 90000 } = {}) {
  const { version, libs } = await ensureKafka();
  port = port || (await freePort());
  const controllerPort = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'charter-kafka-'));
  const logDir = path.join(dir, 'data');
  const config = path.join(dir, 'server.properties');
  writeProperties(config, brokerProperties({ port, controllerPort, dataDir: logDir }));
  fs.writeFileSync(path.join(dir, 'log4j2.properties'), LOG4J2);
  const cleanup = () => fs.rmSync(dir, { recursive: true, force: true });

  const scram = Object.entries(USERS).flatMap(([name, password]) => ['SCRAM-SHA-256', 'SCRAM-SHA-512']
    .flatMap((mech) => ['--add-scram', `${mech}=[name=${name},password=${password}]`]));
  try {
    await run(...javaCommand(javaArgs(libs, dir, 'kafka.tools.StorageTool',
      ['format', '--cluster-id', clusterId(), '--config', config, ...scram], '256m')));
  } catch (e) {
    cleanup();
    throw new Error(`could not format the Kafka log dir: ${e.message}`);
  }

  const out = tail();
  const [cmd, args] = javaCommand(javaArgs(libs, dir, 'kafka.Kafka', [config], heap));
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.setEncoding('utf8').on('data', (d) => out.push(d));
  child.stderr.setEncoding('utf8').on('data', (d) => out.push(d));
  child.on('error', (e) => out.push(`\n[kafka] could not run java: ${e.message}\n`));
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
  const onExit = () => { try { child.kill('SIGKILL'); } catch { /* already gone */ } cleanup(); };
  process.on('exit', onExit);

  let stopping;
  const stop = () => {
    stopping ||= (async () => {
      if (child.exitCode === null && child.signalCode === null && child.pid) {
        child.kill('SIGTERM'); // controlled shutdown
        const timer = setTimeout(() => child.kill('SIGKILL'), 15000);
        await exited;
        clearTimeout(timer);
      }
      process.removeListener('exit', onExit);
      cleanup();
    })();
    return stopping;
  };

  const bootstrap = `127.0.0.1:${port}`;
  try {
    await waitReady(bootstrap, child, out, readyTimeoutMs);
  } catch (e) {
    await stop();
    throw e;
  }
  return {
    version,
    bootstrap,
    sasl: { mechanism: 'plain', username: ADMIN.username, password: ADMIN.password },
    users: { ...USERS },
    logDir,
    pid: child.pid,
    logTail: (lines) => out.text(lines),
    /** Settles with the exit code (or signal) when the JVM ends, expectedly or not. */
    exited,
    stop,
  };
}

module.exports = { start, ensureKafka, USERS };

if (require.main === module) {
  const [command, arg] = process.argv.slice(2);
  if (command === 'fetch') {
    ensureKafka().then(({ version, libs }) => console.log(`Kafka ${version}: ${libs}`), (e) => { console.error(e.message); process.exit(1); });
  } else if (command === 'start') {
    start({ port: Number(arg) || undefined }).then((kafka) => {
      console.log(kafka.bootstrap);
      let stopping = false;
      kafka.exited.then((how) => { if (!stopping) { console.error(`the broker exited (${how})\n${kafka.logTail()}`); process.exit(1); } });
      const bye = () => { stopping = true; kafka.stop().then(() => process.exit(0)); };
      process.on('SIGINT', bye); process.on('SIGTERM', bye);
    }, (e) => { console.error(e.message); process.exit(1); });
  } else {
    console.error('usage: node scripts/kafka.js fetch | start [port]');
    process.exit(2);
  }
}
