/** One line per gateway. Adding a gateway = its folder + one line here. */
export { sibsSpg } from './sibs-spg/index.ts';
export { aciOppwa } from './aci-oppwa/index.ts';
export { sayswitch } from './sayswitch/index.ts';
export { be2bill } from './be2bill/index.ts';
