"use strict";
exports.id = 424;
exports.ids = [424];
exports.modules = {

/***/ 37424:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   runDay2: () => (/* binding */ runDay2)
/* harmony export */ });
/* harmony import */ var _errors__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(83916);
/* harmony import */ var _engine_history__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(50390);
/* harmony import */ var _engine_run__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3965);
/* harmony import */ var _targets_lazy__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(32542);
/* harmony import */ var _util_sanitize__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(62701);
/* harmony import */ var _setup__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(48051);
/**
 * `rollwatch history`, `logs` and `exec`: day-two commands on what runs, through the same target
 * and SSH connections as a deploy. Output goes to stdout line by line, masked like every log.
 */






const sec = (ms) => (ms === null ? '–' : `${(ms / 1000).toFixed(1)}s`);
async function runDay2(inv, who, write = (t) => process.stdout.write(t), writeErr = (t) => process.stderr.write(t)) {
    // Ctrl-C ends a followed log (or an exec) and closes the connections; a second one exits at once.
    const run = (0,_setup__WEBPACK_IMPORTED_MODULE_3__/* .openCliRun */ .Y)(inv.options, { exitAt: 2 });
    const { config, mask, log } = run;
    try {
        const ctx = (0,_engine_run__WEBPACK_IMPORTED_MODULE_2__/* .contextOf */ .Vm)({ name: inv.kind }, { config, log, signal: run.signal, ...who });
        const target = await (0,_targets_lazy__WEBPACK_IMPORTED_MODULE_4__/* .loadTarget */ .K)(config);
        const out = (text) => write(mask((0,_util_sanitize__WEBPACK_IMPORTED_MODULE_5__/* .cleanLog */ .a)(text)) + '\n');
        if (inv.kind === 'history') {
            const { perHost, warnings } = await target.history(ctx, inv.limit);
            for (const w of warnings)
                log.warn(w);
            const entries = (0,_engine_history__WEBPACK_IMPORTED_MODULE_1__/* .mergeHistory */ .H$)(perHost).slice(0, inv.limit);
            if (inv.options.json)
                write(mask(JSON.stringify(entries, null, 2)) + '\n');
            else if (entries.length === 0)
                out(`no deploy of ${config.app} is recorded on ${perHost.length ? perHost.map((h) => h.host).join(', ') : 'any reachable host'}`);
            else
                for (const e of entries)
                    out(`${e.at}  ${e.command.padEnd(8)} ${(e.version ?? '–').padEnd(20)} ${e.outcome.padEnd(11)} from ${e.previousVersion ?? '–'}  by ${e.actor ?? '?'}${e.commit ? ` @${e.commit.slice(0, 12)}` : ''}  T_deploy ${sec(e.deployMs)}, recovery ${sec(e.recoveryMs)}  ${e.reason}${e.runUrl ? `  ${e.runUrl}` : ''}`);
            return perHost.length === 0 ? _errors__WEBPACK_IMPORTED_MODULE_0__/* .EXIT */ .dc.failed : _errors__WEBPACK_IMPORTED_MODULE_0__/* .EXIT */ .dc.ok;
        }
        const width = Math.max(...config.hosts.map((h) => h.name.length));
        if (inv.kind === 'logs') {
            const failures = await target.logs(ctx, { host: inv.host, since: inv.since, tail: inv.tail, follow: inv.follow }, (node, line) => out(`${node.padEnd(width)} | ${line}`));
            for (const f of failures)
                log.error(f);
            return failures.length ? _errors__WEBPACK_IMPORTED_MODULE_0__/* .EXIT */ .dc.failed : _errors__WEBPACK_IMPORTED_MODULE_0__/* .EXIT */ .dc.ok;
        }
        const results = await target.exec(ctx, { host: inv.host, argv: inv.argv }, (node, line, stream) => (stream === 'stdout' ? out : (t) => writeErr(mask((0,_util_sanitize__WEBPACK_IMPORTED_MODULE_5__/* .cleanLog */ .a)(t)) + '\n'))(`${node.padEnd(width)} | ${line}`));
        for (const r of results) {
            if (r.error)
                log.error(`${r.node}: ${r.error}`);
            else if (r.code !== 0)
                log.warn(`${r.node}: exit ${r.code}`);
        }
        return results.every((r) => r.code === 0) ? _errors__WEBPACK_IMPORTED_MODULE_0__/* .EXIT */ .dc.ok : _errors__WEBPACK_IMPORTED_MODULE_0__/* .EXIT */ .dc.failed;
    }
    finally {
        run.close();
    }
}


/***/ })

};
;