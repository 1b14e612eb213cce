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
// EXTERNAL MODULE: ./src/config/file.ts + 1 modules
var file = __webpack_require__(49998);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(83916);
// EXTERNAL MODULE: ./src/engine/run.ts + 1 modules
var run = __webpack_require__(3965);
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
// EXTERNAL MODULE: ./src/util/log.ts
var util_log = __webpack_require__(29906);
;// CONCATENATED MODULE: ./src/cli/main.ts












function gitCommit() {
    if (process.env.GITHUB_SHA)
        return process.env.GITHUB_SHA;
    try {
        return (0,external_node_child_process_.execFileSync)('git', ['rev-parse', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() || null;
    }
    catch {
        return null;
    }
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
            return await (await __webpack_require__.e(/* import() */ 424).then(__webpack_require__.bind(__webpack_require__, 37424))).runDay2(invocation, { commit: gitCommit(), actor: process.env.GITHUB_ACTOR ?? process.env.USER ?? null });
        }
        const { command, options } = invocation;
        const config = (0,file/* loadConfigFile */.HT)(options.config ?? 'rollwatch.yml', {}, process.env, { destination: options.destination });
        mask = (0,util_log/* createMasker */.aD)(config.secrets);
        const reportFile = options.report ?? config.reportFile;
        if (reportFile)
            checkWritableFile(options.report ? '--report' : 'reportFile', reportFile);
        if (options.summary)
            checkWritableFile('--summary', options.summary);
        const log = (0,util_log/* maskedLogger */.mq)((0,util_log/* streamLogger */.VO)((l) => process.stderr.write(l + '\n'), options.verbose), mask);
        const controller = new AbortController();
        let signals = 0;
        const onSignal = (sig) => {
            signals++;
            if (signals === 1) {
                log.warn(`${sig} received: starting nothing new, returning touched hosts to a known state`);
                controller.abort();
            }
            else if (signals >= 3)
                process.exit(130);
        };
        process.on('SIGINT', onSignal);
        process.on('SIGTERM', onSignal);
        const report = await (0,run/* runCommand */.d1)(command, { config, target: lazy/* loadTarget */.K, log, signal: controller.signal, commit: gitCommit(), actor: process.env.GITHUB_ACTOR ?? process.env.USER ?? null });
        await (0,grafana/* annotateRun */.Eg)(config.grafana, report, log, { mask });
        const reportJson = mask(JSON.stringify(report, null, 2));
        if (reportFile)
            (0,external_node_fs_.writeFileSync)(reportFile, reportJson + '\n', { mode: 0o600 });
        if (options.summary)
            (0,external_node_fs_.writeFileSync)(options.summary, mask((0,summary/* renderSummary */.B)(report)));
        if (options.json)
            process.stdout.write(reportJson + '\n');
        else
            process.stdout.write(mask((0,report_text/* renderText */.S5)(report)) + '\n');
        if (report.outcome === 'failed')
            process.stderr.write(`rollwatch: ${mask(report.reason)}\n`);
        return (0,run/* exitCodeOf */.FO)(report);
    }
    catch (err) {
        const hint = err instanceof errors/* RollwatchError */.vP && err.hint ? `\n  hint: ${err.hint}` : '';
        process.stderr.write(`rollwatch: ${mask((0,errors/* errorMessage */.gJ)(err))}${mask(hint)}\n`);
        if (json)
            process.stdout.write(errorJson(err, mask) + '\n');
        return (0,errors/* exitCodeFor */.Rr)(err);
    }
}


/***/ })

};
;