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
        Parsed parsed = bestParse(raw.trim());
        if (parsed == null) {
            return new Phone(null, null, raw, null, null);
        }
        PhoneNumber number = parsed.number();
        String e164 = UTIL.format(number, PhoneNumberFormat.E164);
        if (parsed.type() == PhoneNumberType.UNKNOWN) {
            // not valid; an invalid number can have fewer or more digits than E.164 allows ("12" formats as +5512)
            return new Phone(E164.matcher(e164).matches() ? e164 : null, null, raw, null, null);
        }
        String national = UTIL.getNationalSignificantNumber(number);
        int areaLength = UTIL.getLengthOfGeographicalAreaCode(number);
        if (areaLength == 0 && parsed.type() == PhoneNumberType.MOBILE) {
            // mobiles in Brazil keep their DDD: libphonenumber reports no geographic area for them
            areaLength = number.getCountryCode() == 55 ? 2 : 0;
        }
        String areaCode = areaLength > 0 ? national.substring(0, areaLength) : null;
        return new Phone(e164, type(parsed.type()), raw, areaCode, String.valueOf(number.getCountryCode()));
    }

    /** A parsed number and its type; {@code UNKNOWN} is exactly what {@code isValidNumber} reports as invalid. */
    private record Parsed(PhoneNumber number, PhoneNumberType type) {
        static Parsed of(PhoneNumber number) {
            return number == null ? null : new Parsed(number, UTIL.getNumberType(number));
        }
    }

    /**
     * "5511987654321" (country code, no +) parses as a Brazilian national number and fails validation, so a
     * number that is valid with a leading + is preferred to one that is not. The type is computed once per
     * candidate: each computation runs the region's patterns for every number type.
     */
    private static Parsed bestParse(String raw) {
        Parsed asBrazilian = Parsed.of(tryParse(raw, "BR"));
        if (asBrazilian != null && asBrazilian.type() != PhoneNumberType.UNKNOWN) {
            return asBrazilian;
        }
        if (!raw.startsWith("+")) {
            Parsed international = Parsed.of(tryParse("+" + raw.replaceAll("^[^0-9]+", ""), "ZZ"));
            if (international != null && international.type() != PhoneNumberType.UNKNOWN) {
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
