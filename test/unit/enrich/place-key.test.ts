import { foldKey, placeKey } from '../../../shared/enrich/place-key.js';
import { withinOneEdit } from '../../../shared/enrich/one-edit.js';

describe('foldKey', () => {
  it.each([
    ['Ashok Nagar', 'ashoknagar'],
    ['  ALI-RAJPUR ', 'alirajpur'],
    ['Agar_Malwa', 'agarmalwa'],
    ['Khandwá', 'khandwa'],
  ])('%s → %s', (text, key) => expect(foldKey(text)).toBe(key));
});

describe('placeKey', () => {
  it.each([
    ['Indore, MP', 'indore', true],
    ['Indore M.P.', 'indore', true],
    ['Indore (M.P.)', 'indore', true],
    ['Bhopal, Madhya Pradesh, India', 'bhopal', true],
    ['Bhopal madhya pradesh 462001', 'bhopal', true],
    ['Khandwa (East Nimar)', 'khandwa', false],
    ['(Indore)', 'indore', false],
    ['Distt. Sehore', 'sehore', false],
    ['District Dewas', 'dewas', false],
    ['Gwalior City', 'gwalior', false],
    ['Rampur', 'rampur', false], // ends in "mp"-like letters without a separator: not a suffix
    ['Madhya Pradesh', '', true],
  ])('%s → %s (mentions MP: %s)', (text, key, mentionsMp) => {
    expect(placeKey(text)).toEqual({ key, mentionsMp });
  });
});

describe('withinOneEdit', () => {
  it.each([
    ['indore', 'indore', true],
    ['indore', 'indora', true], // substitution
    ['indore', 'indoore', true], // insertion
    ['indore', 'indre', true], // deletion
    ['indore', 'idnore', true], // neighbours swapped
    ['indore', 'dindori', false],
    ['indore', 'inoder', false], // two swaps apart
    ['bhopal', 'bhopalxx', false],
  ])('%s ~ %s: %s', (a, b, expected) => {
    expect(withinOneEdit(a, b)).toBe(expected);
    expect(withinOneEdit(b, a)).toBe(expected);
  });
});
