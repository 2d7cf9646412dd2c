// The one schema of both backends; kept by hand in step with migrations/{sqlite,postgres}.

diesel::table! {
    schools (id) {
        id -> Text,
        name -> Text,
        short_name -> Nullable<Text>,
        timezone -> Text,
        is_demo -> Bool,
        created_at -> Timestamp,
        max_control_works_per_day -> Integer,
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
        year_id -> Nullable<Text>,
        week_days -> Integer,
        bell_schedule_id -> Nullable<Text>,
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

diesel::table! {
    school_years (id) {
        id -> Text,
        school_id -> Text,
        name -> Text,
        starts_on -> Date,
        ends_on -> Date,
        status -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    periods (id) {
        id -> Text,
        school_id -> Text,
        year_id -> Text,
        kind -> Text,
        number -> Integer,
        grade_from -> Integer,
        grade_to -> Integer,
        starts_on -> Date,
        ends_on -> Date,
    }
}

diesel::table! {
    holidays (id) {
        id -> Text,
        school_id -> Text,
        year_id -> Text,
        name -> Text,
        grade_from -> Integer,
        grade_to -> Integer,
        starts_on -> Date,
        ends_on -> Date,
    }
}

diesel::table! {
    bell_schedules (id) {
        id -> Text,
        school_id -> Text,
        name -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    bells (schedule_id, lesson_number) {
        school_id -> Text,
        schedule_id -> Text,
        lesson_number -> Integer,
        starts_at -> Text,
        ends_at -> Text,
    }
}

diesel::table! {
    rooms (id) {
        id -> Text,
        school_id -> Text,
        name -> Text,
        capacity -> Nullable<Integer>,
    }
}

diesel::table! {
    teaching_assignments (id) {
        id -> Text,
        school_id -> Text,
        year_id -> Text,
        teacher_id -> Text,
        subject_id -> Text,
        class_id -> Text,
        hours_per_week -> Integer,
        created_at -> Timestamp,
    }
}

diesel::table! {
    timetable_entries (id) {
        id -> Text,
        school_id -> Text,
        assignment_id -> Text,
        class_id -> Text,
        teacher_id -> Text,
        room_id -> Nullable<Text>,
        weekday -> Integer,
        lesson_number -> Integer,
        valid_from -> Date,
        valid_to -> Date,
        created_at -> Timestamp,
    }
}

diesel::table! {
    lesson_changes (id) {
        id -> Text,
        school_id -> Text,
        entry_id -> Text,
        lesson_date -> Date,
        kind -> Text,
        substitute_id -> Nullable<Text>,
        subject_id -> Nullable<Text>,
        room_id -> Nullable<Text>,
        moved_to_date -> Nullable<Date>,
        moved_to_lesson -> Nullable<Integer>,
        reason -> Nullable<Text>,
        created_by -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    lesson_records (entry_id, lesson_date) {
        school_id -> Text,
        entry_id -> Text,
        lesson_date -> Date,
        conducted -> Bool,
        topic -> Nullable<Text>,
        homework -> Nullable<Text>,
        updated_by -> Text,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    control_works (id) {
        id -> Text,
        school_id -> Text,
        class_id -> Text,
        subject_id -> Text,
        work_date -> Date,
        title -> Text,
        created_by -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    plan_topics (id) {
        id -> Text,
        school_id -> Text,
        assignment_id -> Text,
        position -> Integer,
        title -> Text,
        hours -> Integer,
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
    school_years,
    periods,
    holidays,
    bell_schedules,
    bells,
    rooms,
    teaching_assignments,
    timetable_entries,
    lesson_changes,
    lesson_records,
    control_works,
    plan_topics,
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
