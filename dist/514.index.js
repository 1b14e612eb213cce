"use strict";
exports.id = 514;
exports.ids = [514];
exports.modules = {

/***/ 64514:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  main: () => (/* binding */ main)
});

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(31421);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(83916);
// EXTERNAL MODULE: ./src/engine/run.ts + 1 modules
var engine_run = __webpack_require__(3965);
// EXTERNAL MODULE: ./src/targets/lazy.ts
var lazy = __webpack_require__(32542);
// EXTERNAL MODULE: ./src/cli/args.ts
var args = __webpack_require__(77593);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
;// CONCATENATED MODULE: ./src/cli/output.ts



/** Refuses, before the run starts, a file the run could not write at its end. */
function checkWritableFile(field, path) {
    const dir = (0,external_node_path_.dirname)((0,external_node_path_.resolve)(path));
    const cannot = (why) => (0,errors/* inputError */.Xu)(field, `cannot write ${path}: ${why}`);
    const stat = (0,external_node_fs_.statSync)(dir, { throwIfNoEntry: false });
    if (!stat)
        throw cannot(`the directory ${dir} does not exist`);
    if (!stat.isDirectory())
        throw cannot(`${dir} is not a directory`);
    if (!writable(dir))
        throw cannot(`the directory ${dir} is not writable`);
    const existing = (0,external_node_fs_.statSync)(path, { throwIfNoEntry: false });
    if (existing?.isDirectory())
        throw cannot('it is a directory');
    if (existing && !writable(path))
        throw cannot('the file is not writable');
}
function writable(path) {
    try {
        (0,external_node_fs_.accessSync)(path, external_node_fs_.constants.W_OK);
        return true;
    }
    catch {
        return false;
    }
}
/** What `--json` prints on stdout when a command fails before it has a report. */
function errorJson(err, mask = (t) => t) {
    const hint = err instanceof errors/* RollwatchError */.vP && err.hint ? { hint: mask(err.hint) } : {};
    return JSON.stringify({ tool: 'rollwatch', outcome: 'error', reason: mask((0,errors/* errorMessage */.gJ)(err)), ...hint }, null, 2);
}

// EXTERNAL MODULE: ./src/report/text.ts
var report_text = __webpack_require__(65655);
// EXTERNAL MODULE: ./src/report/summary.ts + 1 modules
var summary = __webpack_require__(45447);
// EXTERNAL MODULE: ./src/integrations/grafana.ts
var grafana = __webpack_require__(98259);
// EXTERNAL MODULE: ./src/cli/setup.ts
var setup = __webpack_require__(48051);
// EXTERNAL MODULE: ./src/cli/terminal.ts
var terminal = __webpack_require__(71028);
;// CONCATENATED MODULE: ./src/cli/main.ts












/** The checkout's commit, or null; never rejects. Asked without waiting, so git runs while the config loads. */
function gitCommit() {
    if (process.env.GITHUB_SHA)
        return Promise.resolve(process.env.GITHUB_SHA);
    return new Promise((resolve) => {
        try {
            (0,external_node_child_process_.execFile)('git', ['rev-parse', 'HEAD'], { encoding: 'utf8' }, (err, stdout) => resolve(err ? null : stdout.trim() || null));
        }
        catch {
            resolve(null);
        }
    });
}
async function analyzeStdin() {
    const { analyzeLine } = await __webpack_require__.e(/* import() */ 935).then(__webpack_require__.bind(__webpack_require__, 44935));
    const { createInterface } = await Promise.resolve(/* import() */).then(__webpack_require__.t.bind(__webpack_require__, 80481, 23));
    const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
    for await (const line of rl) {
        if (line.trim() === '')
            continue;
        if (!process.stdout.write(analyzeLine(line) + '\n'))
            await new Promise((r) => process.stdout.once('drain', r));
    }
    return errors/* EXIT */.dc.ok;
}
async function main(argv) {
    const json = (0,args/* wantsJson */.k0)(argv);
    let mask = (t) => t;
    try {
        const invocation = (0,args/* parseInvocation */.wG)(argv);
        if (invocation.kind === 'print') {
            (invocation.to === 'stdout' ? process.stdout : process.stderr).write(invocation.text + '\n');
            return invocation.exitCode;
        }
        if (invocation.kind === 'analyze')
            return await analyzeStdin();
        if (invocation.kind === 'schema') {
            const { configJsonSchema } = await __webpack_require__.e(/* import() */ 840).then(__webpack_require__.bind(__webpack_require__, 94840));
            process.stdout.write(JSON.stringify(configJsonSchema(), null, 2) + '\n');
            return errors/* EXIT */.dc.ok;
        }
        if (invocation.kind === 'init')
            return await (await __webpack_require__.e(/* import() */ 553).then(__webpack_require__.bind(__webpack_require__, 16553))).runInit(invocation.flags);
        if (invocation.kind === 'check')
            return (await __webpack_require__.e(/* import() */ 898).then(__webpack_require__.bind(__webpack_require__, 35898))).runCheck(invocation.options.config ?? 'rollwatch.yml', { json: invocation.options.json, destination: invocation.options.destination });
        if (invocation.kind === 'history' || invocation.kind === 'logs' || invocation.kind === 'exec') {
            return await (await __webpack_require__.e(/* import() */ 424).then(__webpack_require__.bind(__webpack_require__, 37424))).runDay2(invocation, { commit: await gitCommit(), actor: process.env.GITHUB_ACTOR ?? process.env.USER ?? null });
        }
        const { command, options } = invocation;
        const commit = gitCommit();
        const run = (0,setup/* openCliRun */.Y)(options, { firstSignal: 'starting nothing new, returning touched hosts to a known state', exitAt: 3 });
        const { config, log } = run;
        mask = run.mask;
        try {
            const reportFile = options.report ?? config.reportFile;
            if (reportFile)
                checkWritableFile(options.report ? '--report' : 'reportFile', reportFile);
            if (options.summary)
                checkWritableFile('--summary', options.summary);
            const report = await (0,engine_run/* runCommand */.d1)(command, { config, target: lazy/* loadTarget */.K, log, signal: run.signal, commit: await commit, actor: process.env.GITHUB_ACTOR ?? process.env.USER ?? null });
            await (0,grafana/* annotateRun */.Eg)(config.grafana, report, log, { mask });
            run.stderr.done();
            const reportJson = mask(JSON.stringify(report, null, 2));
            if (reportFile)
                (0,external_node_fs_.writeFileSync)(reportFile, reportJson + '\n', { mode: 0o600 });
            if (options.summary)
                (0,external_node_fs_.writeFileSync)(options.summary, mask((0,summary/* renderSummary */.B)(report)));
            if (options.json)
                process.stdout.write(reportJson + '\n');
            else
                process.stdout.write((0,terminal/* paintHeadline */.xZ)(mask((0,report_text/* renderText */.S5)(report)), report.outcome, (0,terminal/* colourWanted */.qd)(process.stdout, process.env)) + '\n');
            if (report.outcome === 'failed')
                process.stderr.write(`rollwatch: ${mask(report.reason)}\n`);
            return (0,engine_run/* exitCodeOf */.FO)(report);
        }
        finally {
            run.close();
        }
    }
    catch (err) {
        const hint = err instanceof errors/* RollwatchError */.vP && err.hint ? `\n  hint: ${err.hint}` : '';
        process.stderr.write(`rollwatch: ${mask((0,errors/* errorMessage */.gJ)(err))}${mask(hint)}\n`);
        if (json)
            process.stdout.write(errorJson(err, mask) + '\n');
        return (0,errors/* exitCodeFor */.Rr)(err);
    }
}


/***/ }),

/***/ 48051:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Y: () => (/* binding */ openCliRun)
/* harmony export */ });
/* harmony import */ var _config_file__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(49998);
/* harmony import */ var _util_log__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(29906);
/* harmony import */ var _terminal__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(71028);



function openCliRun(options, signals, env = process.env) {
    const config = (0,_config_file__WEBPACK_IMPORTED_MODULE_0__/* .loadConfigFile */ .HT)(options.config ?? 'rollwatch.yml', {}, env, { destination: options.destination });
    const mask = (0,_util_log__WEBPACK_IMPORTED_MODULE_1__/* .createMasker */ .aD)(config.secrets);
    const stderr = (0,_terminal__WEBPACK_IMPORTED_MODULE_2__/* .terminal */ .Fo)(process.stderr, env);
    const log = (0,_util_log__WEBPACK_IMPORTED_MODULE_1__/* .maskedLogger */ .mq)((0,_util_log__WEBPACK_IMPORTED_MODULE_1__/* .streamLogger */ .VO)(stderr.line, { verbose: options.verbose, colour: stderr.colour, progress: stderr.status }), mask);
    const controller = new AbortController();
    let received = 0;
    const onSignal = (sig) => {
        received++;
        if (received >= signals.exitAt)
            process.exit(130);
        if (received === 1) {
            if (signals.firstSignal)
                log.warn(`${sig} received: ${signals.firstSignal}`);
            controller.abort();
        }
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    return {
        config,
        mask,
        log,
        stderr,
        signal: controller.signal,
        close() {
            stderr.done();
            process.off('SIGINT', onSignal);
            process.off('SIGTERM', onSignal);
        },
    };
}


/***/ }),

/***/ 71028:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Fo: () => (/* binding */ terminal),
/* harmony export */   qd: () => (/* binding */ colourWanted),
/* harmony export */   xZ: () => (/* binding */ paintHeadline)
/* harmony export */ });
const CLEAR_LINE = '\r\x1b[2K';
function colourWanted(stream, env) {
    return stream.isTTY === true && !env.NO_COLOR && env.TERM !== 'dumb';
}
function terminal(stream, env = process.env) {
    const live = stream.isTTY === true && env.TERM !== 'dumb';
    let shown = false;
    const clear = () => {
        if (shown)
            stream.write(CLEAR_LINE);
        shown = false;
    };
    return {
        colour: colourWanted(stream, env),
        line(text) {
            clear();
            stream.write(text + '\n');
        },
        status(text) {
            if (!live)
                return;
            const width = Math.max(20, (stream.columns || 80) - 1); // a pty without a size says 0
            const oneLine = text.replace(/\s+/g, ' ');
            stream.write(CLEAR_LINE + (oneLine.length > width ? oneLine.slice(0, width - 1) + '…' : oneLine));
            shown = true;
        },
        done: clear,
    };
}
const OUTCOME_COLOUR = { promoted: '32', deployed: '32', ok: '32', inconclusive: '33', 'rolled-back': '31', failed: '31' };
/** The text report's first line in the outcome's colour (green, yellow, red). */
function paintHeadline(text, outcome, colour) {
    const code = OUTCOME_COLOUR[outcome];
    if (!colour || !code)
        return text;
    const nl = text.indexOf('\n');
    const head = nl < 0 ? text : text.slice(0, nl);
    return `\x1b[1;${code}m${head}\x1b[0m${nl < 0 ? '' : text.slice(nl)}`;
}


/***/ })

};
;