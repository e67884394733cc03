/**
 * The files `pyconc init` writes, as string constants: tsc copies no template files into dist/.
 * `{{name}}` is the scenario's kebab-case name, `{{module}}` its workload's snake_case file name.
 */

import type { InitKind } from '../core/settings.js';

const DESCRIPTIONS: Readonly<Record<InitKind, string>> = {
  io: `Each task downloads a small document over HTTP from a loopback server that answers after
  delay_ms milliseconds, like a call to a slow service. setup starts the server in a process of its
  own (toolkit.loopback_server), so it takes nothing from the tasks' GIL and CPUs, with a listen
  backlog of at least the number of tasks. Waiting releases the GIL, so every model that keeps
  waits in flight overlaps them.`,
  cpu: `Each task runs rounds thousand steps of pure-Python arithmetic. Under the GIL only one thread
  runs Python at a time, so only separate processes (or a free-threaded build) run the tasks in parallel.`,
  mixed: `Each task waits delay_ms milliseconds (the I/O stage), then runs rounds thousand steps of
  pure-Python arithmetic (the CPU stage). Threads and asyncio overlap the waits but take turns on the
  arithmetic; the hybrid modes overlap the waits and run the arithmetic in parallel processes.`,
};

const PARAMS: Readonly<Record<InitKind, string[]>> = {
  io: ['tasks', 'delay_ms'],
  cpu: ['tasks', 'rounds'],
  mixed: ['tasks', 'delay_ms', 'rounds'],
};

const PARAM_TEXT: Readonly<Record<string, string>> = {
  tasks: `  tasks:
    default: 8
    quick: 4
    description: number of tasks
    min: 1
    integer: true`,
  delay_ms: `  delay_ms:
    default: 20
    quick: 5
    description: how long each task waits, in milliseconds
    min: 0`,
  rounds: `  rounds:
    default: 200
    quick: 20
    description: pure-Python work of each task, in thousands of steps
    min: 1
    integer: true`,
};

const MODES: Readonly<Record<InitKind, string>> = {
  io: `modes: [sequential, threading, multiprocessing, asyncio, async-threads, process-loops]
unsupported:                  # modes that make no sense here, with the reason the tables show
  async-processes: there is no CPU stage to send to a process pool`,
  cpu: 'modes: [sequential, threading, multiprocessing, asyncio, async-threads, async-processes, process-loops]',
  mixed: 'modes: [sequential, threading, multiprocessing, asyncio, async-threads, async-processes, process-loops]',
};

const IDEAL: Readonly<Record<InitKind, string>> = {
  io: `ideal:                        # the physical limit: ceil(tasks / concurrency) waits
  model: io
  tasks: tasks
  latencyMs: delay_ms
`,
  cpu: `ideal:                        # the physical limit: sequential time / min(workers, usable CPUs)
  model: cpu
`,
  mixed: '',
};

/** The scenario file: every field commented, runnable as it is. */
export function scenarioTemplate(name: string, module: string, kind: InitKind): string {
  return `# A scenario of your own, written by \`pyconc init\`. Run it with:
#   pyconc run ${name} --scenarios <this folder> --quick
# docs/scenario-format.md describes every field.
name: ${name}                  # kebab-case, unique in the catalogue
title: ${kind === 'io' ? 'Waits' : kind === 'cpu' ? 'Pure-Python arithmetic' : 'A wait, then pure-Python arithmetic'} (${name})
kind: ${kind}                     # io | cpu | mixed: what the tasks spend their time on
description: >-
  ${DESCRIPTIONS[kind]}
workload: ${module}.py          # the Python module, relative to this file
params:                        # each parameter's default scan (a list scans it) and its --quick value
${PARAMS[kind].map((param) => PARAM_TEXT[param]).join('\n')}
${MODES[kind]}
workers:                       # worker counts; auto = the usable CPUs
  default: [2, 4]
  quick: [2]
${IDEAL[kind]}expectations: []               # claims a run checks, e.g.
#  - claim: a process pool is faster than one task at a time
#    mode: multiprocessing
#    metric: speedup
#    op: ">="
#    value: 1.3
#    minUsableCpus: 2
`;
}

const FETCH = `

def fetch(i: int, params: Dict[str, Any], ctx: object) -> int:
    """The blocking I/O stage of task i: replace the sleep with your own call (a request, a query)."""
    time.sleep(float(params["delay_ms"]) / 1000.0)
    return i


async def afetch(i: int, params: Dict[str, Any], ctx: object) -> int:
    """The same stage for the event-loop modes (asyncio, async-processes, process-loops)."""
    await asyncio.sleep(float(params["delay_ms"]) / 1000.0)
    return i
`;

const COMPUTE = `

def compute(data: int, params: Dict[str, Any]) -> int:
    """The CPU stage: pure Python, module level (process pools pickle it). Its value goes into the checksum."""
    acc = data
    for step in range(int(params["rounds"]) * 1000):
        acc = (acc * 31 + step) % 1000003
    return acc
`;

// The io kind asks a real server: in a process of its own (a thread of the process under test
// would share its GIL), listening with a backlog of at least every task in flight at once.
const HTTP_FETCH = `

def setup(params: Dict[str, Any]) -> Dict[str, Any]:
    """Outside the timed region: a loopback HTTP server answering after delay_ms, in a process of its
    own, with a listen backlog of at least the tasks (all may be in flight at once). Serve your own
    handler with toolkit.loopback_server(MyHandler, ...), or replace it with your own service."""
    server = toolkit.loopback_server(concurrency=int(params["tasks"]), params=params, delay_ms=float(params["delay_ms"]))
    return {"server": server}


def teardown(ctx: Dict[str, Any]) -> None:
    ctx["server"].stop()


def fetch(i: int, params: Dict[str, Any], ctx: Dict[str, Any]) -> int:
    """The blocking I/O stage of task i: one HTTP request; replace it with your own call."""
    server = ctx["server"]
    conn = http.client.HTTPConnection(server.host, server.port, timeout=30)
    try:
        conn.request("GET", "/item/%d" % i)
        return zlib.crc32(conn.getresponse().read())
    finally:
        conn.close()


async def afetch(i: int, params: Dict[str, Any], ctx: Dict[str, Any]) -> int:
    """The same request for the event-loop modes (asyncio, process-loops)."""
    server = ctx["server"]
    reader, writer = await asyncio.open_connection(server.host, server.port)
    try:
        writer.write(b"GET /item/%d HTTP/1.0\\r\\nHost: %s\\r\\n\\r\\n" % (i, server.host.encode()))
        await writer.drain()
        response = await reader.read()
    finally:
        writer.close()
        await writer.wait_closed()
    return zlib.crc32(response.split(b"\\r\\n\\r\\n", 1)[1])
`;

const IMPORTS: Readonly<Record<InitKind, string>> = {
  io: 'import asyncio\nimport http.client\nimport zlib\nfrom typing import Any, Dict\n\nfrom pyconc_harness import toolkit',
  cpu: 'from typing import Any, Dict',
  mixed: 'import asyncio\nimport time\nfrom typing import Any, Dict',
};

/** The workload module: the stages the kind needs, stdlib only (and pyconc's toolkit for the io kind's server). */
export function workloadTemplate(name: string, kind: InitKind): string {
  const imports = IMPORTS[kind];
  const stages = kind === 'io' ? HTTP_FETCH : kind === 'cpu' ? COMPUTE : `${FETCH}${COMPUTE}`;
  return `"""${name}: a workload written by \`pyconc init\`; python/README.md describes the interface.

The harness calls these functions by name and composes them per concurrency mode: a task's value is
${kind === 'io' ? 'fetch(i)' : kind === 'cpu' ? 'compute(i)' : 'compute(fetch(i))'}. Optional: setup(params) -> ctx and teardown(ctx), outside the timed region.
"""
from __future__ import annotations

${imports}


def task_count(params: Dict[str, Any]) -> int:
    return int(params["tasks"])
${stages}`;
}
