import { describe, expect, it } from 'vitest';
import type { FormSchema } from '../../src/work/forms/form-schema.js';
import { validateForm } from '../../src/work/forms/validate-form.js';

/** An expense claim as Camunda Modeler's form editor saves it. */
const expenseClaim: FormSchema = {
  type: 'default',
  id: 'expense-claim',
  components: [
    { type: 'text', text: '# Expense claim', id: 'heading' } as never,
    {
      type: 'textfield',
      key: 'purpose',
      label: 'Purpose',
      validate: { required: true, minLength: 5, maxLength: 80 },
    },
    {
      type: 'number',
      key: 'amount',
      label: 'Amount',
      decimalDigits: 2,
      validate: { required: true, min: 0.01, max: 5000 },
    },
    {
      type: 'select',
      key: 'currency',
      label: 'Currency',
      values: [
        { label: 'Euro', value: 'EUR' },
        { label: 'US dollar', value: 'USD' },
      ],
      validate: { required: true },
    },
    { type: 'datetime', key: 'spentOn', subtype: 'date', label: 'Spent on', validate: { required: true } },
    { type: 'checkbox', key: 'receiptAttached', label: 'Receipt attached' },
    {
      type: 'radio',
      key: 'approval',
      label: 'Decision',
      values: [
        { label: 'Approve', value: 'approved' },
        { label: 'Reject', value: 'rejected' },
      ],
    },
    {
      type: 'textarea',
      key: 'reason',
      label: 'Reason for rejection',
      conditional: { hide: '=approval != "rejected"' },
      validate: { required: true },
    },
    { type: 'textfield', key: 'contact.email', label: 'E-mail', validate: { validationType: 'email' } },
    {
      type: 'checklist',
      key: 'categories',
      label: 'Categories',
      values: [
        { label: 'Travel', value: 'travel' },
        { label: 'Meals', value: 'meals' },
        { label: 'Hotel', value: 'hotel' },
      ],
    },
    { type: 'textfield', key: 'costCentre', label: 'Cost centre', validate: { pattern: '^CC-[0-9]{4}$' } },
    { type: 'button', key: 'submit', label: 'Submit', action: 'submit' } as never,
  ],
};

const valid = {
  purpose: 'Customer visit in Lyon',
  amount: 412.5,
  currency: 'EUR',
  spentOn: '2025-03-27',
  receiptAttached: true,
  approval: 'approved',
  contact: { email: 'ana@example.com' },
  categories: ['travel', 'hotel'],
  costCentre: 'CC-0042',
};

describe('completing a task with a form', () => {
  it('accepts variables that fit the form', () => {
    expect(validateForm(expenseClaim, valid)).toEqual([]);
  });

  it('names every required field that is missing, empty text included', () => {
    expect(validateForm(expenseClaim, { purpose: '', approval: 'approved' })).toEqual([
      { field: 'purpose', code: 'missing', message: 'purpose (Purpose) is required' },
      { field: 'amount', code: 'missing', message: 'amount (Amount) is required' },
      { field: 'currency', code: 'missing', message: 'currency (Currency) is required' },
      { field: 'spentOn', code: 'missing', message: 'spentOn (Spent on) is required' },
    ]);
  });

  it('names values of the wrong type', () => {
    expect(
      validateForm(expenseClaim, {
        ...valid,
        purpose: 42,
        amount: '412.50',
        receiptAttached: 'yes',
        spentOn: '27/03/2025',
        categories: 'travel',
      }).map((p) => `${p.code} ${p.field}: ${p.message}`),
    ).toEqual([
      'wrong-type purpose: purpose (Purpose) must be text, not number 42',
      "wrong-type amount: amount (Amount) must be a number, not '412.50'",
      "wrong-type spentOn: spentOn (Spent on) must be a date like 2025-03-28, not '27/03/2025'",
      "wrong-type receiptAttached: receiptAttached (Receipt attached) must be true or false, not 'yes'",
      "wrong-type categories: categories (Categories) must be a list of choices, not 'travel'",
    ]);
  });

  it('names values the form does not offer', () => {
    expect(validateForm(expenseClaim, { ...valid, currency: 'GBP', categories: ['travel', 'golf'] })).toEqual(
      [
        {
          field: 'currency',
          code: 'not-allowed',
          message: 'currency (Currency) must be one of "EUR", "USD", not "GBP"',
        },
        {
          field: 'categories[1]',
          code: 'not-allowed',
          message: 'categories (Categories) must be one of "travel", "meals", "hotel", not "golf"',
        },
      ],
    );
  });

  it('applies the rules: bounds, lengths, decimals, patterns and e-mail', () => {
    expect(
      validateForm(expenseClaim, {
        ...valid,
        purpose: 'Taxi',
        amount: 9000.125,
        costCentre: 'CC-42',
        contact: { email: 'ana at example' },
      }).map((p) => `${p.code} ${p.field}`),
    ).toEqual(['too-short purpose', 'wrong-type amount', 'pattern contact.email', 'pattern costCentre']);
    expect(validateForm(expenseClaim, { ...valid, amount: 9000 }).map((p) => p.message)).toEqual([
      'amount (Amount) must be at most 5000, not 9000',
    ]);
  });

  it('names variables the form does not have, nested ones too', () => {
    expect(
      validateForm(expenseClaim, {
        ...valid,
        contact: { email: 'a@example.com', phone: '123' },
        approved: true,
      }),
    ).toEqual([
      { field: 'contact.phone', code: 'extra', message: 'contact.phone is not a field of this form' },
      { field: 'approved', code: 'extra', message: 'approved is not a field of this form' },
    ]);
    expect(validateForm(expenseClaim, { ...valid, approved: true }, { allowExtra: true })).toEqual([]);
  });

  it('requires a field only while its condition shows it, and refuses a value for a hidden one', () => {
    expect(validateForm(expenseClaim, { ...valid, approval: 'rejected' })).toEqual([
      { field: 'reason', code: 'missing', message: 'reason (Reason for rejection) is required' },
    ]);
    expect(validateForm(expenseClaim, { ...valid, approval: 'rejected', reason: 'No receipt' })).toEqual([]);
    expect(validateForm(expenseClaim, { ...valid, reason: 'Why not' })).toEqual([
      {
        field: 'reason',
        code: 'hidden',
        message: 'reason is hidden by the form\'s condition (approval != "rejected"); leave it out',
      },
    ]);
  });

  it("lets conditions read the case's variables besides the submitted ones", () => {
    const form: FormSchema = {
      components: [
        {
          type: 'textfield',
          key: 'vatId',
          validate: { required: true },
          conditional: { hide: '=customerType = "private"' },
        },
      ],
    };
    expect(validateForm(form, {}, { context: { customerType: 'private' } })).toEqual([]);
    expect(validateForm(form, {}, { context: { customerType: 'business' } })).toMatchObject([
      { field: 'vatId', code: 'missing' },
    ]);
  });
});

describe('groups, lists and the other field types', () => {
  const order: FormSchema = {
    components: [
      {
        type: 'group',
        path: 'shipping',
        components: [
          { type: 'textfield', key: 'city', validate: { required: true } },
          { type: 'datetime', key: 'deliverAt', subtype: 'datetime' },
          { type: 'datetime', key: 'window', subtype: 'time' },
        ],
      },
      {
        type: 'dynamiclist',
        path: 'items',
        isRepeating: true,
        components: [
          { type: 'textfield', key: 'sku', validate: { required: true } },
          { type: 'number', key: 'quantity', decimalDigits: 0, validate: { min: 1 } },
        ],
      },
      { type: 'taglist', key: 'tags', valuesKey: 'knownTags' },
      { type: 'select', key: 'warehouse', valuesExpression: '=warehouses' },
      { type: 'number', key: 'discount', serializeToString: true, validate: { max: 50 } },
      { type: 'checkbox', key: 'terms', label: 'Terms accepted', validate: { required: true } },
      { type: 'textfield', key: 'internalNote', disabled: true },
    ],
  };

  it('check fields inside groups and every entry of a list, naming the entry', () => {
    expect(
      validateForm(order, {
        shipping: { city: 'Lyon', deliverAt: '2025-04-01T10:00:00+02:00', window: '25:00' },
        items: [{ sku: 'A-1', quantity: 2 }, { quantity: 1.5 }, { sku: 'C-3', colour: 'red' }],
        terms: true,
      }),
    ).toEqual([
      {
        field: 'shipping.window',
        code: 'wrong-type',
        message: "shipping.window must be a time like 14:30, not '25:00'",
      },
      { field: 'items[1].sku', code: 'missing', message: 'items[1].sku is required' },
      {
        field: 'items[1].quantity',
        code: 'wrong-type',
        message: 'items[1].quantity must be a whole number, not 1.5',
      },
      { field: 'items[2].colour', code: 'extra', message: 'items[2].colour is not a field of this form' },
    ]);
  });

  it('take options from a variable on trust, numbers as strings when the form says so, and want a required box ticked', () => {
    expect(
      validateForm(order, {
        shipping: { city: 'Lyon' },
        tags: ['any', 'tag'],
        warehouse: 'north',
        discount: '12.5',
        terms: true,
      }),
    ).toEqual([]);
    expect(validateForm(order, { shipping: { city: 'Lyon' }, discount: '60', terms: false })).toEqual([
      { field: 'discount', code: 'too-large', message: 'discount must be at most 50, not 60' },
      { field: 'terms', code: 'missing', message: 'terms (Terms accepted) is required' },
    ]);
  });

  it('refuse a value for a disabled field and a list where an entry was expected', () => {
    expect(
      validateForm(order, {
        shipping: { city: 'Lyon' },
        terms: true,
        internalNote: 'x',
        items: { sku: 'A' },
      }),
    ).toEqual([
      { field: 'items', code: 'wrong-type', message: 'items must be a list of entries' },
      {
        field: 'internalNote',
        code: 'disabled',
        message: 'internalNote is disabled in the form; leave it out',
      },
    ]);
  });

  it('report a broken pattern or condition in the form itself', () => {
    const broken: FormSchema = {
      components: [
        { type: 'textfield', key: 'code', validate: { pattern: '([a-z' } },
        { type: 'textfield', key: 'other', conditional: { hide: '=((' } },
      ],
    };
    expect(validateForm(broken, { code: 'abc' }).map((p) => `${p.code} ${p.field}`)).toEqual([
      'invalid-schema code',
      'invalid-schema other',
    ]);
  });
});
