// The one schema of both backends; kept by hand in step with migrations/{sqlite,postgres}.

diesel::table! {
    schools (id) {
        id -> Text,
        name -> Text,
        short_name -> Nullable<Text>,
        timezone -> Text,
        is_demo -> Bool,
        created_at -> Timestamp,
    }
}

diesel::table! {
    users (id) {
        id -> Text,
        login -> Text,
        password_hash -> Text,
        password_state -> Text,
        password_expires_at -> Nullable<Timestamp>,
        last_name -> Text,
        first_name -> Text,
        middle_name -> Nullable<Text>,
        not_before -> Timestamp,
        created_at -> Timestamp,
        last_login_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    user_roles (school_id, user_id, role) {
        school_id -> Text,
        user_id -> Text,
        role -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    refresh_tokens (id) {
        id -> Text,
        token_hash -> Text,
        family_id -> Text,
        user_id -> Text,
        school_id -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    login_attempts (id) {
        id -> Text,
        login -> Text,
        address -> Text,
        succeeded -> Bool,
        at -> Timestamp,
    }
}

diesel::table! {
    audit_chain_heads (chain) {
        chain -> Text,
        seq -> BigInt,
        hash -> Text,
    }
}

diesel::table! {
    audit_log (chain, seq) {
        chain -> Text,
        seq -> BigInt,
        school_id -> Nullable<Text>,
        actor_id -> Nullable<Text>,
        actor_role -> Nullable<Text>,
        action -> Text,
        entity -> Text,
        entity_id -> Nullable<Text>,
        before_json -> Nullable<Text>,
        after_json -> Nullable<Text>,
        at -> Timestamp,
        request_id -> Nullable<Text>,
        prev_hash -> Text,
        hash -> Text,
    }
}

diesel::table! {
    subjects (id) {
        id -> Text,
        school_id -> Text,
        name -> Text,
        short_name -> Text,
    }
}

diesel::table! {
    staff (school_id, user_id) {
        school_id -> Text,
        user_id -> Text,
        position -> Text,
    }
}

diesel::table! {
    classes (id) {
        id -> Text,
        school_id -> Text,
        grade -> Integer,
        letter -> Text,
        class_teacher_id -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    students (id) {
        id -> Text,
        school_id -> Text,
        class_id -> Nullable<Text>,
        user_id -> Nullable<Text>,
        last_name -> Text,
        first_name -> Text,
        middle_name -> Nullable<Text>,
        birth_date -> Date,
        created_at -> Timestamp,
        // 2026-11-22-000003_people
        status -> Text,
        phone -> Nullable<Text>,
        email -> Nullable<Text>,
    }
}

diesel::table! {
    guardians (id) {
        id -> Text,
        school_id -> Text,
        user_id -> Nullable<Text>,
        last_name -> Text,
        first_name -> Text,
        middle_name -> Nullable<Text>,
        phone -> Nullable<Text>,
        email -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    student_guardians (school_id, student_id, guardian_id) {
        school_id -> Text,
        student_id -> Text,
        guardian_id -> Text,
        relation -> Text,
    }
}

diesel::joinable!(user_roles -> users (user_id));
diesel::joinable!(user_roles -> schools (school_id));
diesel::joinable!(classes -> users (class_teacher_id));
diesel::joinable!(staff -> users (user_id));

diesel::allow_tables_to_appear_in_same_query!(
    schools,
    users,
    user_roles,
    refresh_tokens,
    login_attempts,
    audit_chain_heads,
    audit_log,
    subjects,
    staff,
    classes,
    students,
    guardians,
    student_guardians,
    student_movements,
);

// 2026-11-22-000003_people (R-B5): the history of student movement (`students` gained `status`,
// `phone` and `email` in the same migration; they are declared in its block above).

diesel::table! {
    student_movements (id) {
        id -> Text,
        school_id -> Text,
        student_id -> Text,
        kind -> Text,
        on_date -> Date,
        from_class_id -> Nullable<Text>,
        to_class_id -> Nullable<Text>,
        reason -> Nullable<Text>,
        order_ref -> Nullable<Text>,
        created_at -> Timestamp,
        created_by -> Nullable<Text>,
    }
}
