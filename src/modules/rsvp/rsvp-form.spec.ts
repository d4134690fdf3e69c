import { formToAnswer } from './rsvp-form';

describe('formToAnswer', () => {
  it('turns the flat form of the page into the JSON answer, rows left empty dropped', () => {
    expect(
      formToAnswer({
        response: 'accept',
        capacity: 'head',
        needsVisaLetter: 'true',
        accessibilityNeeds: '  ',
        arrivalOn: '2019-10-02',
        departureOn: '',
        'delegates[1][fullName]': 'Second',
        'delegates[1][email]': 'second@example.org',
        'delegates[1][capacity]': 'adviser',
        'delegates[0][fullName]': 'First',
        'delegates[0][email]': 'first@example.org',
        'delegates[0][needsVisaLetter]': 'true',
        'delegates[0][replaces]': '6f1c1e4e-2f43-4c1a-9a55-3f0c3b6c2d11',
        'delegates[2][fullName]': '',
        'delegates[2][email]': '',
        'delegates[2][capacity]': 'delegate',
      }),
    ).toEqual({
      response: 'accept',
      capacity: 'head',
      needsVisaLetter: true,
      accessibilityNeeds: '',
      arrivalOn: '2019-10-02',
      delegates: [
        { fullName: 'First', email: 'first@example.org', needsVisaLetter: true, replaces: '6f1c1e4e-2f43-4c1a-9a55-3f0c3b6c2d11' },
        { fullName: 'Second', email: 'second@example.org', capacity: 'adviser', needsVisaLetter: false },
      ],
    });
  });

  it('reads an unticked box as false and a repeated field as its last value', () => {
    expect(formToAnswer({ response: ['accept', 'decline'] })).toEqual({ response: 'decline', needsVisaLetter: false, accessibilityNeeds: '', delegates: [] });
  });
});
