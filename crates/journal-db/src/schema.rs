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
        forecast_three -> Double,
        forecast_four -> Double,
        forecast_five -> Double,
        min_marks_per_period -> Integer,
        auto_lock_days -> Nullable<Integer>,
        homework_file_limit -> Integer,
        // 2026-12-04-000009_regions
        region_id -> Nullable<Text>,
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
        // 2026-12-05-060000_previous_sign_in
        previous_login_at -> Nullable<Timestamp>,
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
    login_throttle (key) {
        key -> Text,
        failures -> BigInt,
        since -> Timestamp,
        last_at -> Timestamp,
        version -> BigInt,
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
        // 2026-11-23-000004_groups
        group_id -> Nullable<Text>,
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
        // 2026-11-23-000004_groups
        group_id -> Nullable<Text>,
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
        plan_topic_id -> Nullable<Text>,
        work_types -> Text,
        homework_due -> Nullable<Date>,
        homework_note -> Nullable<Text>,
        // 2026-12-05-120000_report_facts (R-J5): when the topic and the homework were first written.
        topic_entered_at -> Nullable<Timestamp>,
        homework_entered_at -> Nullable<Timestamp>,
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

diesel::table! {
    subject_scales (subject_id, grade) {
        school_id -> Text,
        subject_id -> Text,
        grade -> Integer,
        scale -> Text,
    }
}

diesel::table! {
    work_types (school_id, code) {
        school_id -> Text,
        code -> Text,
        name -> Text,
        weight_tenths -> Integer,
        position -> Integer,
        archived -> Bool,
    }
}

diesel::table! {
    homework_files (id) {
        id -> Text,
        school_id -> Text,
        entry_id -> Text,
        lesson_date -> Date,
        file_name -> Text,
        content_type -> Text,
        size_bytes -> Integer,
        content -> Binary,
        uploaded_by -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    marks (id) {
        id -> Text,
        school_id -> Text,
        entry_id -> Text,
        lesson_date -> Date,
        student_id -> Text,
        work_type -> Text,
        value -> Text,
        comment -> Nullable<Text>,
        given_on -> Date,
        updated_by -> Text,
        updated_at -> Timestamp,
        // 2026-12-05-120000_report_facts (R-J5): when the mark was first entered.
        entered_at -> Timestamp,
    }
}

diesel::table! {
    attendance (entry_id, lesson_date, student_id) {
        school_id -> Text,
        entry_id -> Text,
        lesson_date -> Date,
        student_id -> Text,
        status -> Text,
        reason -> Nullable<Text>,
        updated_by -> Text,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    finals (id) {
        id -> Text,
        school_id -> Text,
        student_id -> Text,
        subject_id -> Text,
        year_id -> Text,
        kind -> Text,
        period_id -> Nullable<Text>,
        value -> Nullable<Text>,
        deferred_until -> Nullable<Date>,
        liquidation -> Bool,
        set_on -> Date,
        comment -> Nullable<Text>,
        created_by -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    journal_pages (assignment_id, period_id) {
        school_id -> Text,
        assignment_id -> Text,
        period_id -> Text,
        version -> Integer,
    }
}

diesel::table! {
    page_locks (id) {
        id -> Text,
        school_id -> Text,
        assignment_id -> Text,
        period_id -> Text,
        kind -> Text,
        until -> Nullable<Date>,
        reason -> Nullable<Text>,
        created_by -> Text,
        created_at -> Timestamp,
    }
}

diesel::joinable!(user_roles -> users (user_id));
diesel::joinable!(user_roles -> schools (school_id));
diesel::joinable!(schools -> regions (region_id));
diesel::joinable!(classes -> users (class_teacher_id));
diesel::joinable!(staff -> users (user_id));
diesel::joinable!(journal_remark_events -> journal_remarks (remark_id));
diesel::joinable!(archives -> schools (school_id));

diesel::allow_tables_to_appear_in_same_query!(
    schools,
    users,
    user_roles,
    refresh_tokens,
    login_throttle,
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
    subject_scales,
    work_types,
    homework_files,
    marks,
    attendance,
    attendance_checks,
    finals,
    journal_pages,
    page_locks,
    journal_remarks,
    journal_remark_events,
    archive_keys,
    archives,
    control_works,
    plan_topics,
    student_movements,
    groups,
    group_classes,
    group_members,
    curriculum_lines,
    acknowledgements,
    guardian_consents,
    message_threads,
    thread_participants,
    messages,
    message_attachments,
    notification_preferences,
    notification_outbox,
    regions,
    region_members,
    integration_clients,
    user_sessions,
    compromises,
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

// 2026-11-23-000004_groups (R-B3, R-B4, R-T1): groups (subgroups, streams, individual plans) with
// their classes and dated members, and the curriculum. `teaching_assignments` and
// `timetable_entries` gained `group_id` in the same migration (declared in their blocks above).

diesel::table! {
    groups (id) {
        id -> Text,
        school_id -> Text,
        year_id -> Text,
        name -> Text,
        kind -> Text,
        division -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    group_classes (group_id, class_id) {
        school_id -> Text,
        group_id -> Text,
        class_id -> Text,
    }
}

diesel::table! {
    group_members (id) {
        id -> Text,
        school_id -> Text,
        group_id -> Text,
        student_id -> Text,
        from_date -> Date,
        to_date -> Nullable<Date>,
    }
}

diesel::table! {
    curriculum_lines (id) {
        id -> Text,
        school_id -> Text,
        year_id -> Text,
        grade -> Integer,
        profile -> Text,
        subject_id -> Text,
        hours_per_week -> Integer,
    }
}

// 2026-11-23-000007_messages (R-D3, R-D4): threads with participants, messages, attachments,
// notification preferences and the e-mail outbox.

diesel::table! {
    message_threads (id) {
        id -> Text,
        school_id -> Text,
        kind -> Text,
        subject -> Text,
        search -> Text,
        class_id -> Nullable<Text>,
        created_by -> Text,
        created_at -> Timestamp,
        last_message_at -> Timestamp,
    }
}

diesel::table! {
    thread_participants (thread_id, user_id) {
        school_id -> Text,
        thread_id -> Text,
        user_id -> Text,
        may_post -> Bool,
        last_read_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    messages (id) {
        id -> Text,
        school_id -> Text,
        thread_id -> Text,
        author_id -> Text,
        body -> Text,
        search -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    message_attachments (id) {
        id -> Text,
        school_id -> Text,
        message_id -> Text,
        file_name -> Text,
        content_type -> Text,
        size_bytes -> Integer,
        content -> Binary,
        created_at -> Timestamp,
    }
}

diesel::table! {
    notification_preferences (school_id, user_id) {
        school_id -> Text,
        user_id -> Text,
        marks -> Bool,
        absences -> Bool,
        announcements -> Bool,
        delivery -> Text,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    notification_outbox (id) {
        id -> Text,
        school_id -> Text,
        kind -> Text,
        user_id -> Nullable<Text>,
        email -> Text,
        subject -> Text,
        body -> Text,
        status -> Text,
        attempts -> Integer,
        next_attempt_at -> Timestamp,
        lease_token -> Nullable<Text>,
        lease_until -> Nullable<Timestamp>,
        last_error -> Nullable<Text>,
        created_at -> Timestamp,
        sent_at -> Nullable<Timestamp>,
    }
}

// 2026-11-23-000006_diary (R-D2, R-D5): guardians' acknowledgements and personal-data consents.

diesel::table! {
    acknowledgements (id) {
        id -> Text,
        school_id -> Text,
        student_id -> Text,
        guardian_id -> Text,
        kind -> Text,
        span_start -> Date,
        span_end -> Date,
        period_id -> Nullable<Text>,
        acknowledged_at -> Timestamp,
    }
}

diesel::table! {
    guardian_consents (id) {
        id -> Text,
        school_id -> Text,
        guardian_id -> Text,
        decision -> Text,
        decided_on -> Date,
        document -> Text,
        recorded_by -> Text,
        recorded_at -> Timestamp,
    }
}

// 2026-12-04-000009_regions (R-A9, R-E4): the region (municipality) that owns schools; `schools`
// gained `region_id` in the same migration (declared in its block above).

diesel::table! {
    regions (id) {
        id -> Text,
        name -> Text,
        created_at -> Timestamp,
    }
}

// 2026-12-08-100000_regions_and_clients (R-A9): region accounts.
diesel::table! {
    region_members (region_id, user_id) {
        region_id -> Text,
        user_id -> Text,
        personal_exports -> Bool,
        created_at -> Timestamp,
    }
}

diesel::joinable!(region_members -> regions (region_id));

// 2026-12-08-100000_regions_and_clients (R-A10): integration clients.
diesel::table! {
    integration_clients (id) {
        id -> Text,
        school_id -> Text,
        name -> Text,
        scopes -> Text,
        secret_hash -> Text,
        created_by -> Text,
        created_at -> Timestamp,
        secret_set_at -> Timestamp,
        last_used_at -> Nullable<Timestamp>,
        revoked_at -> Nullable<Timestamp>,
    }
}

// 2026-12-05-120000_report_facts (R-R1): lessons at which attendance was taken.

diesel::table! {
    attendance_checks (entry_id, lesson_date) {
        school_id -> Text,
        entry_id -> Text,
        lesson_date -> Date,
        checked_by -> Text,
        checked_at -> Timestamp,
    }
}

// 2026-12-05-150000_journal_remarks (R-R2): inspection remarks on journal pages and their history.

diesel::table! {
    journal_remarks (id) {
        id -> Text,
        school_id -> Text,
        assignment_id -> Text,
        period_id -> Text,
        entry_id -> Nullable<Text>,
        lesson_date -> Nullable<Date>,
        text -> Text,
        due_on -> Date,
        status -> Text,
        answer -> Nullable<Text>,
        created_by -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    journal_remark_events (id) {
        id -> Text,
        school_id -> Text,
        remark_id -> Text,
        kind -> Text,
        text -> Nullable<Text>,
        actor_id -> Text,
        at -> Timestamp,
    }
}

diesel::table! {
    archive_keys (school_id) {
        school_id -> Text,
        public_key -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    archives (id) {
        id -> Text,
        school_id -> Text,
        year_id -> Text,
        period_id -> Nullable<Text>,
        name -> Text,
        title -> Text,
        created_at -> Timestamp,
        created_by -> Nullable<Text>,
        journals_until -> Date,
        summary_until -> Date,
        files -> Integer,
        size_bytes -> BigInt,
        manifest_sha256 -> Text,
    }
}

diesel::table! {
    user_sessions (id) {
        id -> Text,
        user_id -> Text,
        school_id -> Text,
        started_at -> Timestamp,
        last_seen_at -> Timestamp,
        address -> Nullable<Text>,
        user_agent -> Nullable<Text>,
        ended_at -> Nullable<Timestamp>,
        end_reason -> Nullable<Text>,
    }
}

diesel::table! {
    compromises (id) {
        id -> Text,
        school_id -> Text,
        user_id -> Text,
        reported_by -> Text,
        reported_at -> Timestamp,
        suspected_since -> Timestamp,
    }
}
