"use strict";
exports.id = 594;
exports.ids = [594];
exports.modules = {

/***/ 77594:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   targetFor: () => (/* binding */ targetFor)
/* harmony export */ });
/**
 * The target the config names (`target: ssh` by default), its code loaded on demand: a deploy
 * over SSH does not compile the Swarm adapter (nor the image builder it brings), and the other way round.
 */
async function targetFor(config) {
    switch (config.target) {
        case 'swarm': {
            const [{ orchestratorTarget }, { SwarmOrchestrator }] = await Promise.all([Promise.all(/* import() */[__webpack_require__.e(472), __webpack_require__.e(830), __webpack_require__.e(40), __webpack_require__.e(265), __webpack_require__.e(645), __webpack_require__.e(852), __webpack_require__.e(139), __webpack_require__.e(902), __webpack_require__.e(112)]).then(__webpack_require__.bind(__webpack_require__, 55112)), Promise.all(/* import() */[__webpack_require__.e(472), __webpack_require__.e(830), __webpack_require__.e(40), __webpack_require__.e(265), __webpack_require__.e(852), __webpack_require__.e(626)]).then(__webpack_require__.bind(__webpack_require__, 59413))]);
            return orchestratorTarget('swarm', config, (ctx) => new SwarmOrchestrator(ctx.config, ctx.log));
        }
        default:
            return (await Promise.all(/* import() */[__webpack_require__.e(472), __webpack_require__.e(265), __webpack_require__.e(852), __webpack_require__.e(139), __webpack_require__.e(902), __webpack_require__.e(970)]).then(__webpack_require__.bind(__webpack_require__, 63970))).sshTarget;
    }
}


/***/ })

};
;