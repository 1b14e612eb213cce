"use strict";
exports.id = 901;
exports.ids = [901];
exports.modules = {

/***/ 22901:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   post: () => (/* binding */ post)
/* harmony export */ });
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(96421);
/* harmony import */ var _engine_checkpoint__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7126);
/* harmony import */ var _errors__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(83916);
/* harmony import */ var _report_summary__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(45447);
/* harmony import */ var _util_clock__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(97110);
/* harmony import */ var _util_log__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(29906);
/* harmony import */ var _config__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(7661);
/* harmony import */ var _deployments__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(16887);
/* harmony import */ var _inputs__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(65446);
/* harmony import */ var _logger__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(72231);
/* harmony import */ var _state__WEBPACK_IMPORTED_MODULE_10__ = __webpack_require__(98862);











/**
 * The post step: cleans up after a main step that was cancelled or crashed mid-rollout, and gives
 * the GitHub deployment that main step left open its final status. It changes hosts only from a
 * well-formed checkpoint of an unfinished run that is provably this step's own (see
 * recoverCheckpoint); a run that finished, a rollback that completed, or a read-only mode leaves
 * nothing for it to do.
 */
async function post() {
    const saved = (0,_state__WEBPACK_IMPORTED_MODULE_10__/* .readCheckpoint */ .HQ)();
    const deploymentId = (0,_state__WEBPACK_IMPORTED_MODULE_10__/* .unfinishedDeployment */ .DI)();
    if (saved.kind === 'corrupt') {
        _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .warning */ .$e(`the main step's saved checkpoint is unreadable (${saved.reason}): the post step changed nothing. If the main step was cut off mid-rollout, check the hosts with \`rollwatch status\` and release a stale lock with \`rollwatch lock release --config <your rollwatch config>\`.`);
    }
    const checkpoint = saved.kind === 'ok' && (0,_engine_checkpoint__WEBPACK_IMPORTED_MODULE_1__/* .needsRecovery */ .rv)(saved.checkpoint) ? saved.checkpoint : null;
    if (!checkpoint && deploymentId === null)
        return;
    for (const s of (0,_inputs__WEBPACK_IMPORTED_MODULE_8__/* .secretInputs */ ._y)())
        _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setSecret */ .Pq(s);
    let mask = (0,_util_log__WEBPACK_IMPORTED_MODULE_5__/* .createMasker */ .aD)((0,_inputs__WEBPACK_IMPORTED_MODULE_8__/* .secretInputs */ ._y)());
    let cleanup = null;
    let failure = saved.kind === 'corrupt' ? `the saved checkpoint is unreadable (${saved.reason}); nothing was changed` : null;
    let inputs = null;
    try {
        inputs = (0,_inputs__WEBPACK_IMPORTED_MODULE_8__/* .readInputs */ .Ko)();
        if (checkpoint) {
            const config = (0,_config__WEBPACK_IMPORTED_MODULE_6__/* .configFromInputs */ .i)(inputs);
            mask = (0,_util_log__WEBPACK_IMPORTED_MODULE_5__/* .createMasker */ .aD)([...config.secrets, ...(0,_inputs__WEBPACK_IMPORTED_MODULE_8__/* .secretInputs */ ._y)()]);
            const touched = Object.keys(checkpoint.touched);
            _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .warning */ .$e(`the main step stopped during ${checkpoint.phase} of ${checkpoint.command}: ${touched.length ? `returning ${touched.join(', ')} to the release each ran before` : 'no host was changed'}, releasing the run's locks`);
            // loaded only when there is something to recover: most post steps have nothing to do
            const { recoverCheckpoint } = await Promise.all(/* import() */[__webpack_require__.e(472), __webpack_require__.e(265), __webpack_require__.e(852), __webpack_require__.e(139), __webpack_require__.e(48)]).then(__webpack_require__.bind(__webpack_require__, 62287));
            cleanup = await recoverCheckpoint({ config, log: (0,_util_log__WEBPACK_IMPORTED_MODULE_5__/* .maskedLogger */ .mq)(_logger__WEBPACK_IMPORTED_MODULE_9__/* .actionLogger */ .v, mask), clock: _util_clock__WEBPACK_IMPORTED_MODULE_4__/* .systemClock */ .ml, runId: checkpoint.runId, signal: new AbortController().signal, command: 'recover', commit: process.env.GITHUB_SHA ?? null, actor: process.env.GITHUB_ACTOR ?? null }, checkpoint);
            await _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .summary */ .z.addRaw(mask((0,_report_summary__WEBPACK_IMPORTED_MODULE_3__/* .renderSummary */ .B)(cleanup)), true).write();
            if (cleanup.outcome === 'failed')
                _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setFailed */ .C1(mask(`cleanup after cancel: ${cleanup.reason}`));
            else
                _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq(mask(cleanup.reason));
        }
    }
    catch (err) {
        failure = `cleanup after cancel failed: ${(0,_errors__WEBPACK_IMPORTED_MODULE_2__/* .errorMessage */ .gJ)(err)}`;
        _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setFailed */ .C1(mask(failure));
    }
    if (deploymentId !== null && inputs?.githubToken) {
        const deployment = (0,_deployments__WEBPACK_IMPORTED_MODULE_7__/* .resumeDeployment */ .Nc)({ token: inputs.githubToken, environment: inputs.environment, environmentUrl: inputs.environmentUrl, log: { info: _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq, warn: _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .warning */ .$e }, mask }, deploymentId);
        if (cleanup)
            await deployment.cleanedUp(cleanup);
        else
            await deployment.error(failure ?? `the main step stopped during ${saved.kind === 'ok' ? saved.checkpoint.phase : 'start-up'} before it changed any host`);
    }
}


/***/ })

};
;