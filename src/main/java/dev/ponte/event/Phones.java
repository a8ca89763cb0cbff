package dev.ponte.event;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;

import java.util.regex.Pattern;

/**
 * Phones to the unified {@link Phone} with libphonenumber: E.164, a Brazilian number without country code gets
 * +55; area code, dialing code and type only when the number is valid.
 */
public final class Phones {

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
    /** E.164: a country code not starting with 0 and at most 15 digits; the schema's formatted_phone. */
    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{6,14}");

    private Phones() {
    }

    /** @return null for null/blank input; otherwise a Phone whose derived fields are null when it does not parse */
    public static Phone parse(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        PhoneNumber number = bestParse(raw.trim());
        if (number == null) {
            return new Phone(null, null, raw, null, null);
        }
        String e164 = UTIL.format(number, PhoneNumberFormat.E164);
        if (!UTIL.isValidNumber(number)) {
            // an invalid number can have fewer or more digits than E.164 allows ("12" formats as +5512)
            return new Phone(E164.matcher(e164).matches() ? e164 : null, null, raw, null, null);
        }
        String national = UTIL.getNationalSignificantNumber(number);
        int areaLength = UTIL.getLengthOfGeographicalAreaCode(number);
        if (areaLength == 0 && UTIL.getNumberType(number) == PhoneNumberType.MOBILE) {
            // mobiles in Brazil keep their DDD: libphonenumber reports no geographic area for them
            areaLength = number.getCountryCode() == 55 ? 2 : 0;
        }
        String areaCode = areaLength > 0 ? national.substring(0, areaLength) : null;
        return new Phone(e164, type(UTIL.getNumberType(number)), raw, areaCode,
                String.valueOf(number.getCountryCode()));
    }

    /**
     * "5511987654321" (country code, no +) parses as a Brazilian national number and fails validation, so a
     * number that is valid with a leading + is preferred to one that is not.
     */
    private static PhoneNumber bestParse(String raw) {
        PhoneNumber asBrazilian = tryParse(raw, "BR");
        if (asBrazilian != null && UTIL.isValidNumber(asBrazilian)) {
            return asBrazilian;
        }
        if (!raw.startsWith("+")) {
            PhoneNumber international = tryParse("+" + raw.replaceAll("^[^0-9]+", ""), "ZZ");
            if (international != null && UTIL.isValidNumber(international)) {
                return international;
            }
        }
        return asBrazilian;
    }

    private static PhoneNumber tryParse(String raw, String region) {
        try {
            return UTIL.parse(raw, region);
        } catch (NumberParseException e) {
            return null;
        }
    }

    private static String type(PhoneNumberType type) {
        return switch (type) {
            case MOBILE -> "mobile";
            case FIXED_LINE -> "fixed";
            default -> null;
        };
    }
}
