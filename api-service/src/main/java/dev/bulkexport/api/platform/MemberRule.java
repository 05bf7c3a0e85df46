package dev.bulkexport.api.platform;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * What a request body member must be, for the 400 of a value of the wrong JSON type ({@link RequestBodies}):
 * "{member} must be {value}", and for an element of an array member "{member}[i] must be {element}". The rules
 * of a value of the right type are Bean Validation constraints on the same member.
 */
@Target({ElementType.METHOD, ElementType.FIELD, ElementType.PARAMETER})
@Retention(RetentionPolicy.RUNTIME)
public @interface MemberRule {
    /** E.g. {@code "a date in the form YYYY-MM-DD"}. */
    String value();

    /** The rule of each element of an array member; empty for other members. */
    String element() default "";
}
