import { string2llNumber } from '../../core/string2ll';

/** Command arguments Redis reads with getLongLongFromObject (string2ll), as a number. */
export const strictInt = string2llNumber;
