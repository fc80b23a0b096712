<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ar_EG">
<context>
    <name>AddColumnDialog</name>
    <message>
        <location filename="../../desktop/markups/list_dock.py" line="404"/>
        <source>Add Column</source>
        <translation>إضافة عمود</translation>
    </message>
    <message>
        <location filename="../../desktop/markups/list_dock.py" line="407"/>
        <source>Text</source>
        <translation>نص</translation>
    </message>
    <message>
        <location filename="../../desktop/markups/list_dock.py" line="408"/>
        <source>Choice</source>
        <translation>اختيار</translation>
    </message>
    <message>
        <location filename="../../desktop/markups/list_dock.py" line="409"/>
        <source>Date</source>
        <translation>تاريخ</translation>
    </message>
    <message>
        <location filename="../../desktop/markups/list_dock.py" line="410"/>
        <source>Checkbox</source>
        <translation>خانة اختيار</translation>
    </message>
    <message>
        <location filename="../../desktop/markups/list_dock.py" line="413"/>
        <source>Choices, separated by commas</source>
        <translation>الخيارات، مفصولة بفواصل</translation>
    </message>
    <message>
        <location filename="../../desktop/markups/list_dock.py" line="415"/>
        <source>Name:</source>
        <translation>الاسم:</translation>
    </message>
    <message>
        <location filename="../../desktop/markups/list_dock.py" line="416"/>
        <source>Type:</source>
        <translation>النوع:</translation>
    </message>
    <message>
        <location filename="../../desktop/markups/list_dock.py" line="417"/>
        <source>Choices:</source>
        <translation>الخيارات:</translation>
    </message>
</context>
<context>
    <name>ApplicationPanel</name>
    <message>
        <location filename="../../desktop/workflow/panel.py" line="146"/>
        <source>%1 since %2</source>
        <translation>%1 منذ %2</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/panel.py" line="152"/>
        <source>Valid</source>
        <translation>سارٍ</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/panel.py" line="153"/>
        <source>Not valid (%1)</source>
        <translation>غير سارٍ (%1)</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/panel.py" line="155"/>
        <source>Not yet</source>
        <translation>ليس بعد</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/panel.py" line="173"/>
        <source>server</source>
        <translation>الخادم</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/panel.py" line="188"/>
        <source>Approved set of permit %1: signature valid, timestamped and unchanged since signing; approved by %2 on %3.</source>
        <translation>المجموعة المعتمدة للترخيص %1: التوقيع صحيح ومختوم زمنياً ولم يتغير منذ التوقيع؛ اعتمدها %2 بتاريخ %3.</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/panel.py" line="195"/>
        <source>Approved set of permit %1 is NOT valid: %2</source>
        <translation>المجموعة المعتمدة للترخيص %1 غير صحيحة: %2</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/panel.py" line="197"/>
        <source>; </source>
        <translation>؛ </translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/panel.py" line="204"/>
        <source>%1 m² (measured on sheet %2 by %3)</source>
        <translation>%1 م² (مقاسة على اللوحة %2 بواسطة %3)</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/panel.py" line="222"/>
        <source>checklist: %1 of %2 passed</source>
        <translation>قائمة التحقق: نجح %1 من %2</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/panel.py" line="226"/>
        <source>; failed: %1</source>
        <translation>؛ لم يستوفَ: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/panel.py" line="248"/>
        <source>Required documents: complete</source>
        <translation>المستندات المطلوبة: مكتملة</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/panel.py" line="249"/>
        <source>Required documents: %1 missing or failed, %2 unchecked</source>
        <translation>المستندات المطلوبة: %1 ناقصة أو غير مطابقة، %2 لم تُفحص</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/panel.py" line="294"/>
        <source>The required-documents checklist is not complete (%1 missing or failed, %2 unchecked). Accept the application and open the review anyway?</source>
        <translation>قائمة المستندات المطلوبة غير مكتملة (%1 ناقصة أو غير مطابقة، %2 لم تُفحص). هل تقبل الطلب وتفتح المراجعة رغم ذلك؟</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/panel.py" line="311"/>
        <source>Write a note saying why (%1):</source>
        <translation>اكتب ملاحظة توضح السبب (%1):</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/panel.py" line="348"/>
        <source>Submit</source>
        <translation>تقديم</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/panel.py" line="348"/>
        <source>Resubmit</source>
        <translation>إعادة التقديم</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/panel.py" line="349"/>
        <source>Accept</source>
        <translation>قبول</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/panel.py" line="349"/>
        <source>Withdraw…</source>
        <translation>سحب الطلب…</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/panel.py" line="350"/>
        <source>Return to Consultant…</source>
        <translation>إعادة إلى الاستشاري…</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/panel.py" line="350"/>
        <source>Reject…</source>
        <translation>رفض…</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/panel.py" line="351"/>
        <source>Approve</source>
        <translation>اعتماد</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/panel.py" line="351"/>
        <source>Send Back for Review…</source>
        <translation>إعادة للمراجعة…</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/panel.py" line="352"/>
        <source>Send Back for Corrections…</source>
        <translation>إعادة للتصحيحات…</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/panel.py" line="354"/>
        <source>Issue Permit</source>
        <translation>إصدار الرخصة</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/panel.py" line="354"/>
        <source>Decide…</source>
        <translation>اتخاذ القرار…</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/panel.py" line="355"/>
        <source>Assess Fees</source>
        <translation>تقدير الرسوم</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/panel.py" line="356"/>
        <source>Open Approved Set</source>
        <translation>فتح المجموعة المعتمدة</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/panel.py" line="357"/>
        <source>Manage Reviews…</source>
        <translation>إدارة المراجعات…</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/panel.py" line="362"/>
        <source>Application</source>
        <translation>الطلب</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/panel.py" line="363"/>
        <source>Owner:</source>
        <translation>المالك:</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/panel.py" line="363"/>
        <source>Plot:</source>
        <translation>قطعة الأرض:</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/panel.py" line="363"/>
        <source>Use class:</source>
        <translation>فئة الاستعمال:</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/panel.py" line="363"/>
        <source>Floors:</source>
        <translation>الطوابق:</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/panel.py" line="364"/>
        <source>Gross area:</source>
        <translation>المساحة الإجمالية:</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/panel.py" line="364"/>
        <source>Consultant office:</source>
        <translation>المكتب الاستشاري:</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/panel.py" line="365"/>
        <source>Office registration:</source>
        <translation>تسجيل المكتب:</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/panel.py" line="365"/>
        <source>Submitted:</source>
        <translation>تاريخ التقديم:</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/panel.py" line="366"/>
        <source>Review cycle:</source>
        <translation>دورة المراجعة:</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/panel.py" line="369"/>
        <source>Registration</source>
        <translation>التسجيل</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/panel.py" line="369"/>
        <source>Drawings</source>
        <translation>المخططات</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/panel.py" line="383"/>
        <source>What</source>
        <translation>الإجراء</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/panel.py" line="383"/>
        <source>State</source>
        <translation>الحالة</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/panel.py" line="370"/>
        <source>History</source>
        <translation>السجل</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/panel.py" line="370"/>
        <source>Decisions</source>
        <translation>القرارات</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/panel.py" line="373"/>
        <source>Sheet</source>
        <translation>اللوحة</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/panel.py" line="373"/>
        <source>Title</source>
        <translation>العنوان</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/panel.py" line="373"/>
        <source>File</source>
        <translation>الملف</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/panel.py" line="373"/>
        <source>Version</source>
        <translation>الإصدار</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/panel.py" line="374"/>
        <source>Uploaded</source>
        <translation>تاريخ الرفع</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/panel.py" line="375"/>
        <source>Open Drawing</source>
        <translation>فتح المخطط</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/panel.py" line="377"/>
        <location filename="../../desktop/workflow/panel.py" line="381"/>
        <source>Cycle</source>
        <translation>الدورة</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/panel.py" line="377"/>
        <location filename="../../desktop/workflow/panel.py" line="381"/>
        <source>Discipline</source>
        <translation>التخصص</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/panel.py" line="377"/>
        <source>Decision</source>
        <translation>القرار</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/panel.py" line="377"/>
        <source>By</source>
        <translation>بواسطة</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/panel.py" line="378"/>
        <source>Summary</source>
        <translation>الملخص</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/panel.py" line="378"/>
        <source>Open corrections</source>
        <translation>الملاحظات المفتوحة</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/panel.py" line="379"/>
        <source>Conditions of approval</source>
        <translation>شروط الموافقة</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/panel.py" line="381"/>
        <source>English</source>
        <translation>بالإنجليزية</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/panel.py" line="381"/>
        <source>Arabic</source>
        <translation>بالعربية</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/panel.py" line="383"/>
        <source>When</source>
        <translation>متى</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/panel.py" line="383"/>
        <source>Who</source>
        <translation>من</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/panel.py" line="384"/>
        <source>Note</source>
        <translation>ملاحظة</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/panel.py" line="388"/>
        <source>Open an application from the review queue.</source>
        <translation>افتح طلباً من قائمة المراجعة.</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/panel.py" line="353"/>
        <source>Send Back to Replace a Drawing…</source>
        <translation>إعادة لاستبدال مخطط…</translation>
    </message>
</context>
<context>
    <name>ApplicationState</name>
    <message>
        <location filename="../../desktop/permit_names.py" line="25"/>
        <source>Draft</source>
        <translation>مسودة</translation>
    </message>
    <message>
        <location filename="../../desktop/permit_names.py" line="26"/>
        <source>Submitted</source>
        <translation>مقدم</translation>
    </message>
    <message>
        <location filename="../../desktop/permit_names.py" line="27"/>
        <source>Returned to consultant</source>
        <translation>معاد إلى الاستشاري</translation>
    </message>
    <message>
        <location filename="../../desktop/permit_names.py" line="28"/>
        <source>In review</source>
        <translation>قيد المراجعة</translation>
    </message>
    <message>
        <location filename="../../desktop/permit_names.py" line="29"/>
        <source>Corrections required</source>
        <translation>مطلوب تصحيحات</translation>
    </message>
    <message>
        <location filename="../../desktop/permit_names.py" line="30"/>
        <source>Pending payment</source>
        <translation>بانتظار الدفع</translation>
    </message>
    <message>
        <location filename="../../desktop/permit_names.py" line="31"/>
        <source>Pending approval</source>
        <translation>بانتظار الاعتماد</translation>
    </message>
    <message>
        <location filename="../../desktop/permit_names.py" line="32"/>
        <source>Approved</source>
        <translation>معتمد</translation>
    </message>
    <message>
        <location filename="../../desktop/permit_names.py" line="33"/>
        <source>Permit issued</source>
        <translation>صدر الترخيص</translation>
    </message>
    <message>
        <location filename="../../desktop/permit_names.py" line="34"/>
        <source>Rejected</source>
        <translation>مرفوض</translation>
    </message>
    <message>
        <location filename="../../desktop/permit_names.py" line="35"/>
        <source>Withdrawn</source>
        <translation>مسحوب</translation>
    </message>
</context>
<context>
    <name>AreaDialog</name>
    <message>
        <location filename="../../desktop/workflow/area_dialog.py" line="112"/>
        <source>Gross Area from Measurement</source>
        <translation>المساحة الإجمالية من قياس</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/area_dialog.py" line="115"/>
        <source>Choose the area measurement the application&apos;s gross area is taken from. The link is kept for audit; fees already assessed are assessed again.</source>
        <translation>اختر قياس المساحة الذي تؤخذ منه المساحة الإجمالية للطلب. يُحفظ الربط للتدقيق، وتُقدَّر الرسوم المقدَّرة سابقاً من جديد.</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/area_dialog.py" line="119"/>
        <source>The open drawing has no area measurements. Measure the gross area on it with the Area tool first, then take it from the measurement.</source>
        <translation>لا توجد قياسات مساحة في المخطط المفتوح. قِس المساحة الإجمالية عليه بأداة المساحة أولاً، ثم خذها من القياس.</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/area_dialog.py" line="123"/>
        <source>No drawing is open. Open a drawing of this application, measure the gross area with the Area tool, then take it from the measurement.</source>
        <translation>لا يوجد مخطط مفتوح. افتح مخططاً من مخططات هذا الطلب، وقِس المساحة الإجمالية بأداة المساحة، ثم خذها من القياس.</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/area_dialog.py" line="125"/>
        <source>Sheet</source>
        <translation>اللوحة</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/area_dialog.py" line="125"/>
        <source>Area (m²)</source>
        <translation>المساحة (م²)</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/area_dialog.py" line="126"/>
        <source>Comment</source>
        <translation>التعليق</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/area_dialog.py" line="126"/>
        <source>Author</source>
        <translation>الكاتب</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/area_dialog.py" line="127"/>
        <source>&amp;Note (optional):</source>
        <translation>&amp;ملاحظة (اختيارية):</translation>
    </message>
</context>
<context>
    <name>ChecklistDock</name>
    <message>
        <location filename="../../desktop/workflow/checklist_dock.py" line="199"/>
        <source>Markup %1</source>
        <translation>العلامة %1</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/checklist_dock.py" line="208"/>
        <source>Open an application to review its checklist.</source>
        <translation>افتح طلبًا لمراجعة قائمة التدقيق الخاصة به.</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/checklist_dock.py" line="211"/>
        <source>Application %1, review cycle %2</source>
        <translation>الطلب %1، دورة المراجعة %2</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/checklist_dock.py" line="215"/>
        <source>%1 items failed, %2 unchecked</source>
        <translation>%1 بنود غير مطابقة، %2 لم تُدقق</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/checklist_dock.py" line="220"/>
        <source>Unchecked</source>
        <translation>لم يُدقق</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/checklist_dock.py" line="220"/>
        <source>Pass</source>
        <translation>مطابق</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/checklist_dock.py" line="221"/>
        <source>Fail</source>
        <translation>غير مطابق</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/checklist_dock.py" line="222"/>
        <source>Not applicable</source>
        <translation>لا ينطبق</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/checklist_dock.py" line="225"/>
        <source>Review Checklist</source>
        <translation>قائمة تدقيق المراجعة</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/checklist_dock.py" line="228"/>
        <source>Item</source>
        <translation>البند</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/checklist_dock.py" line="228"/>
        <source>Result</source>
        <translation>النتيجة</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/checklist_dock.py" line="231"/>
        <source>Note</source>
        <translation>ملاحظة</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/checklist_dock.py" line="232"/>
        <source>Link Selected Markups</source>
        <translation>ربط العلامات المحددة</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/checklist_dock.py" line="233"/>
        <source>Show Markup</source>
        <translation>عرض العلامة</translation>
    </message>
</context>
<context>
    <name>ConfirmDialog</name>
    <message>
        <location filename="../../desktop/workflow/dialogs.py" line="70"/>
        <source>Please Confirm</source>
        <translation>يرجى التأكيد</translation>
    </message>
</context>
<context>
    <name>ConflictDialog</name>
    <message>
        <location filename="../../desktop/sync_ui/conflict_dialog.py" line="66"/>
        <source>Changed on the server too</source>
        <translation>تم التغيير على الخادم أيضًا</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_ui/conflict_dialog.py" line="69"/>
        <source>Someone else changed %1 on the server (now version %2) after you started your change. Nothing was overwritten. Choose which version to keep.</source>
        <translation>قام شخص آخر بتغيير %1 على الخادم (الإصدار الحالي %2) بعد أن بدأت تعديلك. لم يُستبدل أي شيء. اختر الإصدار الذي تريد الاحتفاظ به.</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_ui/conflict_dialog.py" line="74"/>
        <source>Field</source>
        <translation>الحقل</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_ui/conflict_dialog.py" line="74"/>
        <source>Your version</source>
        <translation>إصدارك</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_ui/conflict_dialog.py" line="74"/>
        <source>Server version</source>
        <translation>إصدار الخادم</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_ui/conflict_dialog.py" line="75"/>
        <source>Keep &amp;mine</source>
        <translation>الاحتفاظ بإصداري</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_ui/conflict_dialog.py" line="76"/>
        <source>Keep the &amp;server&apos;s</source>
        <translation>الاحتفاظ بإصدار الخادم</translation>
    </message>
</context>
<context>
    <name>DashboardDock</name>
    <message>
        <location filename="../../desktop/workflow/dashboard.py" line="55"/>
        <source>Backlog by state</source>
        <translation>الطلبات المتراكمة حسب الحالة</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/dashboard.py" line="57"/>
        <source>Average days per stage</source>
        <translation>متوسط الأيام لكل مرحلة</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/dashboard.py" line="67"/>
        <source>Decisions by discipline</source>
        <translation>القرارات حسب التخصص</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/dashboard.py" line="70"/>
        <source>Overdue applications (days waiting)</source>
        <translation>الطلبات المتأخرة (أيام الانتظار)</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/dashboard.py" line="78"/>
        <source>Export Dashboard</source>
        <translation>تصدير لوحة المتابعة</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/dashboard.py" line="79"/>
        <source>PDF (*.pdf);;PNG image (*.png)</source>
        <translation>PDF (*.pdf);;صورة PNG (*.png)</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/dashboard.py" line="84"/>
        <source>Cannot save %1: %2</source>
        <translation>تعذر حفظ %1: %2</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/dashboard.py" line="88"/>
        <source>Supervisor Dashboard</source>
        <translation>لوحة متابعة المشرف</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/dashboard.py" line="89"/>
        <source>Refresh</source>
        <translation>تحديث</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/dashboard.py" line="90"/>
        <source>Export…</source>
        <translation>تصدير…</translation>
    </message>
</context>
<context>
    <name>DecisionDialog</name>
    <message>
        <location filename="../../desktop/workflow/dialogs.py" line="205"/>
        <source>Review Decision</source>
        <translation>قرار المراجعة</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/dialogs.py" line="206"/>
        <source>Review cycle %1</source>
        <translation>دورة المراجعة %1</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/dialogs.py" line="208"/>
        <source>Decision:</source>
        <translation>القرار:</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/dialogs.py" line="208"/>
        <source>Summary:</source>
        <translation>الملخص:</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/dialogs.py" line="208"/>
        <source>Discipline:</source>
        <translation>التخصص:</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/dialogs.py" line="179"/>
        <source>Revision required needs at least one open correction of this discipline: add a markup comment first.</source>
        <translation>يتطلب قرار التعديل تصحيحاً مفتوحاً واحداً على الأقل في هذا التخصص: أضف تعليقاً على المخطط أولاً.</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/dialogs.py" line="181"/>
        <source>Write the English text of every condition (the Arabic is optional).</source>
        <translation>اكتب النص الإنجليزي لكل شرط (النص العربي اختياري).</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/dialogs.py" line="190"/>
        <source>Checklist: no results recorded for this discipline.</source>
        <translation>قائمة التدقيق: لا توجد نتائج مسجلة لهذا التخصص.</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/dialogs.py" line="195"/>
        <source>Checklist: every item checked, none failed.</source>
        <translation>قائمة التدقيق: فُحصت جميع البنود ولم يفشل أي منها.</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/dialogs.py" line="196"/>
        <source>Checklist: %1 items failed, %2 unchecked.</source>
        <translation>قائمة التدقيق: %1 بنود غير مطابقة، %2 لم تُفحص.</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/dialogs.py" line="209"/>
        <source>Conditions of approval:</source>
        <translation>شروط الموافقة:</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/dialogs.py" line="212"/>
        <source>English</source>
        <translation>بالإنجليزية</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/dialogs.py" line="212"/>
        <source>Arabic</source>
        <translation>بالعربية</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/dialogs.py" line="213"/>
        <source>A submitted decision is final.</source>
        <translation>القرار المُرسَل نهائي.</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <location filename="../../desktop/commands/errors.py" line="33"/>
        <source>this needs the Python package %1, which is not installed</source>
        <translation>يتطلب هذا حزمة بايثون %1، وهي غير مثبتة</translation>
    </message>
    <message>
        <location filename="../../desktop/commands/errors.py" line="36"/>
        <source>file not found: %1</source>
        <translation>الملف غير موجود: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/commands/errors.py" line="38"/>
        <source>is a directory, not a file: %1</source>
        <translation>مجلد وليس ملفًا: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/commands/errors.py" line="41"/>
        <source>permission denied: %1</source>
        <translation>لا إذن بالوصول: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/commands/errors.py" line="47"/>
        <source>out of memory while processing the file</source>
        <translation>نفدت الذاكرة أثناء معالجة الملف</translation>
    </message>
</context>
<context>
    <name>Exporter</name>
    <message>
        <location filename="../../desktop/markups/exporting.py" line="59"/>
        <source>Marked-up &amp;PDF…</source>
        <translation>ملف &amp;PDF بالملاحظات…</translation>
    </message>
    <message>
        <location filename="../../desktop/markups/exporting.py" line="59"/>
        <source>Marked-up &amp;DXF…</source>
        <translation>ملف &amp;DXF بالملاحظات…</translation>
    </message>
    <message>
        <location filename="../../desktop/markups/exporting.py" line="60"/>
        <source>&amp;XFDF…</source>
        <translation>&amp;XFDF…</translation>
    </message>
    <message>
        <location filename="../../desktop/markups/exporting.py" line="60"/>
        <source>&amp;CSV Summary…</source>
        <translation>ملخص &amp;CSV…</translation>
    </message>
    <message>
        <location filename="../../desktop/markups/exporting.py" line="61"/>
        <source>Corrections &amp;Letter…</source>
        <translation>&amp;خطاب التصحيحات…</translation>
    </message>
    <message>
        <location filename="../../desktop/markups/exporting.py" line="62"/>
        <source>&amp;Import XFDF…</source>
        <translation>&amp;استيراد XFDF…</translation>
    </message>
    <message>
        <location filename="../../desktop/markups/exporting.py" line="80"/>
        <location filename="../../desktop/markups/exporting.py" line="152"/>
        <source>PDF files (*.pdf)</source>
        <translation>ملفات PDF ‏(*.pdf)</translation>
    </message>
    <message>
        <location filename="../../desktop/markups/exporting.py" line="95"/>
        <source>DXF drawings (*.dxf)</source>
        <translation>رسومات DXF (*.dxf)</translation>
    </message>
    <message>
        <location filename="../../desktop/markups/exporting.py" line="108"/>
        <location filename="../../desktop/markups/exporting.py" line="188"/>
        <source>XFDF files (*.xfdf)</source>
        <translation>ملفات XFDF (*.xfdf)</translation>
    </message>
    <message>
        <location filename="../../desktop/markups/exporting.py" line="124"/>
        <source>CSV files (*.csv)</source>
        <translation>ملفات CSV (*.csv)</translation>
    </message>
    <message>
        <location filename="../../desktop/markups/exporting.py" line="147"/>
        <source>Corrections Letter</source>
        <translation>خطاب التصحيحات</translation>
    </message>
    <message>
        <location filename="../../desktop/markups/exporting.py" line="148"/>
        <source>Application reference:</source>
        <translation>رقم الطلب:</translation>
    </message>
    <message>
        <location filename="../../desktop/markups/exporting.py" line="187"/>
        <location filename="../../desktop/markups/exporting.py" line="206"/>
        <location filename="../../desktop/markups/exporting.py" line="207"/>
        <location filename="../../desktop/markups/exporting.py" line="208"/>
        <source>Import XFDF</source>
        <translation>استيراد XFDF</translation>
    </message>
    <message>
        <location filename="../../desktop/markups/exporting.py" line="196"/>
        <location filename="../../desktop/markups/exporting.py" line="210"/>
        <source>Cannot import %1</source>
        <translation>تعذر استيراد %1</translation>
    </message>
    <message>
        <location filename="../../desktop/markups/exporting.py" line="212"/>
        <source>Imported %1 markup(s) from %2</source>
        <translation>تم استيراد %1 ملاحظة من %2</translation>
    </message>
    <message>
        <location filename="../../desktop/markups/exporting.py" line="231"/>
        <source>Export Markups</source>
        <translation>تصدير الملاحظات</translation>
    </message>
    <message>
        <location filename="../../desktop/markups/exporting.py" line="301"/>
        <source>Cannot write %1</source>
        <translation>تعذرت كتابة %1</translation>
    </message>
    <message>
        <location filename="../../desktop/markups/exporting.py" line="304"/>
        <source>Wrote %1 (%2 markup(s))</source>
        <translation>تمت كتابة %1 (%2 ملاحظة)</translation>
    </message>
</context>
<context>
    <name>FeesPanel</name>
    <message>
        <location filename="../../desktop/workflow/fees_panel.py" line="97"/>
        <source>%1, waiver asked by %2: a second supervisor confirms</source>
        <translation>%1، طلب الإعفاء %2: يؤكده مشرف ثانٍ</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/fees_panel.py" line="107"/>
        <source>Gross area %1 m² from an area measurement on sheet %2, by %3, %4</source>
        <translation>المساحة الإجمالية %1 م² من قياس مساحة على اللوحة %2، بواسطة %3، %4</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/fees_panel.py" line="111"/>
        <source>Gross area %1 m² as stated by the consultant</source>
        <translation>المساحة الإجمالية %1 م² كما ذكرها الاستشاري</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/fees_panel.py" line="133"/>
        <source>Total %1, outstanding %2</source>
        <translation>الإجمالي %1، المستحق %2</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/fees_panel.py" line="137"/>
        <source>Preview total %1 (schedule %2)</source>
        <translation>إجمالي المعاينة %1 (الجدول %2)</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/fees_panel.py" line="143"/>
        <source>Fees</source>
        <translation>الرسوم</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/fees_panel.py" line="144"/>
        <source>Take Gross Area from Measurement…</source>
        <translation>أخذ المساحة الإجمالية من قياس…</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/fees_panel.py" line="145"/>
        <source>Invoice Assessed Fees</source>
        <translation>إصدار فاتورة بالرسوم المقدّرة</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/fees_panel.py" line="146"/>
        <source>Fee items</source>
        <translation>بنود الرسوم</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/fees_panel.py" line="146"/>
        <source>Invoices</source>
        <translation>الفواتير</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/fees_panel.py" line="147"/>
        <source>Offline preview from the fee schedule</source>
        <translation>معاينة دون اتصال من جدول الرسوم</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/fees_panel.py" line="149"/>
        <location filename="../../desktop/workflow/fees_panel.py" line="154"/>
        <source>Code</source>
        <translation>الرمز</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/fees_panel.py" line="149"/>
        <location filename="../../desktop/workflow/fees_panel.py" line="154"/>
        <source>Description</source>
        <translation>الوصف</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/fees_panel.py" line="150"/>
        <source>Quantity</source>
        <translation>الكمية</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/fees_panel.py" line="150"/>
        <location filename="../../desktop/workflow/fees_panel.py" line="155"/>
        <source>Amount</source>
        <translation>المبلغ</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/fees_panel.py" line="151"/>
        <location filename="../../desktop/workflow/fees_panel.py" line="153"/>
        <source>Status</source>
        <translation>الحالة</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/fees_panel.py" line="152"/>
        <source>Invoice</source>
        <translation>الفاتورة</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/fees_panel.py" line="152"/>
        <source>Total</source>
        <translation>الإجمالي</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/fees_panel.py" line="153"/>
        <source>Created</source>
        <translation>تاريخ الإنشاء</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/fees_panel.py" line="156"/>
        <source>The fee schedule is illustrative, not the municipality&apos;s.</source>
        <translation>جدول الرسوم توضيحي وليس جدول البلدية.</translation>
    </message>
</context>
<context>
    <name>FileKinds</name>
    <message>
        <location filename="../../desktop/viewer_messages.py" line="187"/>
        <source>a PNG image</source>
        <translation>صورة PNG</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer_messages.py" line="188"/>
        <source>a JPEG image</source>
        <translation>صورة JPEG</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer_messages.py" line="189"/>
        <source>a TIFF image</source>
        <translation>صورة TIFF</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer_messages.py" line="190"/>
        <source>a GIF image</source>
        <translation>صورة GIF</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer_messages.py" line="191"/>
        <source>a ZIP archive</source>
        <translation>أرشيف ZIP</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer_messages.py" line="192"/>
        <source>a Word document (DOCX)</source>
        <translation>مستند Word ‏(DOCX)</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer_messages.py" line="193"/>
        <source>an Excel workbook (XLSX)</source>
        <translation>مصنف Excel ‏(XLSX)</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer_messages.py" line="194"/>
        <source>a PowerPoint presentation (PPTX)</source>
        <translation>عرض PowerPoint ‏(PPTX)</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer_messages.py" line="195"/>
        <source>a PostScript file</source>
        <translation>ملف PostScript</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer_messages.py" line="196"/>
        <source>an old Microsoft Office document</source>
        <translation>مستند Microsoft Office قديم</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer_messages.py" line="197"/>
        <source>a web page (HTML)</source>
        <translation>صفحة ويب (HTML)</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer_messages.py" line="198"/>
        <source>an XML document</source>
        <translation>مستند XML</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer_messages.py" line="199"/>
        <source>plain text</source>
        <translation>نص عادي</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer_messages.py" line="200"/>
        <source>UTF-16 text</source>
        <translation>نص بترميز UTF-16</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer_messages.py" line="201"/>
        <source>a named pipe (FIFO)</source>
        <translation>أنبوب مسمى (FIFO)</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer_messages.py" line="202"/>
        <source>a device</source>
        <translation>جهاز</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer_messages.py" line="203"/>
        <source>a socket</source>
        <translation>مقبس اتصال (socket)</translation>
    </message>
</context>
<context>
    <name>HistoryAction</name>
    <message>
        <location filename="../../desktop/permit_names.py" line="56"/>
        <source>Application created</source>
        <translation>أنشئ الطلب</translation>
    </message>
    <message>
        <location filename="../../desktop/permit_names.py" line="57"/>
        <source>Submitted</source>
        <translation>تم التقديم</translation>
    </message>
    <message>
        <location filename="../../desktop/permit_names.py" line="58"/>
        <source>Resubmitted</source>
        <translation>أعيد التقديم</translation>
    </message>
    <message>
        <location filename="../../desktop/permit_names.py" line="59"/>
        <source>Withdrawn</source>
        <translation>سُحب الطلب</translation>
    </message>
    <message>
        <location filename="../../desktop/permit_names.py" line="60"/>
        <source>Accepted at intake</source>
        <translation>قُبل عند الاستلام</translation>
    </message>
    <message>
        <location filename="../../desktop/permit_names.py" line="61"/>
        <source>Returned to consultant</source>
        <translation>أعيد إلى الاستشاري</translation>
    </message>
    <message>
        <location filename="../../desktop/permit_names.py" line="62"/>
        <source>Rejected</source>
        <translation>رُفض</translation>
    </message>
    <message>
        <location filename="../../desktop/permit_names.py" line="63"/>
        <source>Corrections required</source>
        <translation>طُلبت تصحيحات</translation>
    </message>
    <message>
        <location filename="../../desktop/permit_names.py" line="64"/>
        <source>Review completed</source>
        <translation>اكتملت المراجعة</translation>
    </message>
    <message>
        <location filename="../../desktop/permit_names.py" line="65"/>
        <source>Fees paid</source>
        <translation>دُفعت الرسوم</translation>
    </message>
    <message>
        <location filename="../../desktop/permit_names.py" line="66"/>
        <source>Approved</source>
        <translation>اعتُمد</translation>
    </message>
    <message>
        <location filename="../../desktop/permit_names.py" line="67"/>
        <source>Sent back for review</source>
        <translation>أعيد للمراجعة</translation>
    </message>
    <message>
        <location filename="../../desktop/permit_names.py" line="68"/>
        <source>Sent back for corrections</source>
        <translation>أعيد للتصحيح</translation>
    </message>
    <message>
        <location filename="../../desktop/permit_names.py" line="69"/>
        <source>Permit issued</source>
        <translation>صدر الترخيص</translation>
    </message>
    <message>
        <location filename="../../desktop/permit_names.py" line="73"/>
        <source>Review cycle closed</source>
        <translation>أغلقت دورة المراجعة</translation>
    </message>
    <message>
        <location filename="../../desktop/permit_names.py" line="74"/>
        <source>Approved set stamped and signed</source>
        <translation>خُتمت المجموعة المعتمدة ووقّعت</translation>
    </message>
    <message>
        <location filename="../../desktop/permit_names.py" line="75"/>
        <source>Fees assessed</source>
        <translation>قُدّرت الرسوم</translation>
    </message>
    <message>
        <location filename="../../desktop/permit_names.py" line="76"/>
        <source>Invoice issued</source>
        <translation>صدرت فاتورة</translation>
    </message>
    <message>
        <location filename="../../desktop/permit_names.py" line="77"/>
        <source>Payment received</source>
        <translation>استُلمت دفعة</translation>
    </message>
    <message>
        <location filename="../../desktop/permit_names.py" line="78"/>
        <source>Payment refunded</source>
        <translation>رُدّت دفعة</translation>
    </message>
    <message>
        <location filename="../../desktop/permit_names.py" line="79"/>
        <source>Fee waived</source>
        <translation>أُعفي من رسم</translation>
    </message>
    <message>
        <location filename="../../desktop/permit_names.py" line="80"/>
        <source>Waiver asked for</source>
        <translation>طُلب الإعفاء</translation>
    </message>
    <message>
        <location filename="../../desktop/permit_names.py" line="81"/>
        <source>Fees owed again</source>
        <translation>رسوم مستحقة من جديد</translation>
    </message>
    <message>
        <location filename="../../desktop/permit_names.py" line="82"/>
        <source>Account settled on closing</source>
        <translation>تسوية الحساب عند الإغلاق</translation>
    </message>
    <message>
        <location filename="../../desktop/permit_names.py" line="83"/>
        <source>Discipline decision</source>
        <translation>قرار التخصص</translation>
    </message>
    <message>
        <location filename="../../desktop/permit_names.py" line="84"/>
        <source>Decision reopened</source>
        <translation>أعيد فتح القرار</translation>
    </message>
    <message>
        <location filename="../../desktop/permit_names.py" line="85"/>
        <source>Drawing uploaded</source>
        <translation>رُفع مخطط</translation>
    </message>
    <message>
        <location filename="../../desktop/permit_names.py" line="86"/>
        <source>Gross area changed</source>
        <translation>تغيرت المساحة الإجمالية</translation>
    </message>
    <message>
        <location filename="../../desktop/permit_names.py" line="70"/>
        <source>Sent back for a drawing to be replaced</source>
        <translation>أعيد لاستبدال مخطط</translation>
    </message>
    <message>
        <location filename="../../desktop/permit_names.py" line="72"/>
        <source>Approved set failed</source>
        <translation>تعذر إعداد المجموعة المعتمدة</translation>
    </message>
</context>
<context>
    <name>InspectorDock</name>
    <message numerus="yes">
        <location filename="../../desktop/inspector.py" line="120"/>
        <source>Warnings (%n)</source>
        <translation>
            <numerusform>التحذيرات (%n)</numerusform>
            <numerusform>التحذيرات (%n)</numerusform>
            <numerusform>التحذيرات (%n)</numerusform>
            <numerusform>التحذيرات (%n)</numerusform>
            <numerusform>التحذيرات (%n)</numerusform>
            <numerusform>التحذيرات (%n)</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/inspector.py" line="123"/>
        <source>Inspector</source>
        <translation>المراجِع</translation>
    </message>
    <message>
        <location filename="../../desktop/inspector.py" line="125"/>
        <source>File</source>
        <translation>الملف</translation>
    </message>
    <message>
        <location filename="../../desktop/inspector.py" line="125"/>
        <source>Sheet number</source>
        <translation>رقم اللوحة</translation>
    </message>
    <message>
        <location filename="../../desktop/inspector.py" line="125"/>
        <source>Title</source>
        <translation>العنوان</translation>
    </message>
    <message>
        <location filename="../../desktop/inspector.py" line="126"/>
        <source>Page label</source>
        <translation>تسمية الصفحة</translation>
    </message>
    <message>
        <location filename="../../desktop/inspector.py" line="126"/>
        <source>Size</source>
        <translation>المقاس</translation>
    </message>
    <message>
        <location filename="../../desktop/inspector.py" line="126"/>
        <source>Units</source>
        <translation>الوحدات</translation>
    </message>
    <message>
        <location filename="../../desktop/inspector.py" line="127"/>
        <source>Vector paths</source>
        <translation>المسارات المتجهية</translation>
    </message>
    <message>
        <location filename="../../desktop/inspector.py" line="133"/>
        <source>Correct what the title block was read as; Enter saves it with the review</source>
        <translation>صحّح ما قُرئ من جدول العنوان؛ يحفظه مفتاح Enter مع المراجعة</translation>
    </message>
</context>
<context>
    <name>LayersDock</name>
    <message>
        <location filename="../../desktop/layers_dock.py" line="127"/>
        <source>Layers</source>
        <translation>الطبقات</translation>
    </message>
    <message>
        <location filename="../../desktop/layers_dock.py" line="128"/>
        <source>Layer</source>
        <translation>الطبقة</translation>
    </message>
    <message>
        <location filename="../../desktop/layers_dock.py" line="129"/>
        <source>Entities</source>
        <translation>العناصر</translation>
    </message>
    <message>
        <location filename="../../desktop/layers_dock.py" line="130"/>
        <source>All On</source>
        <translation>إظهار الكل</translation>
    </message>
    <message>
        <location filename="../../desktop/layers_dock.py" line="131"/>
        <source>Isolate</source>
        <translation>عزل</translation>
    </message>
    <message>
        <location filename="../../desktop/layers_dock.py" line="132"/>
        <source>Show only the selected layers</source>
        <translation>إظهار الطبقات المحددة فقط</translation>
    </message>
    <message>
        <location filename="../../desktop/layers_dock.py" line="133"/>
        <source>Show lineweights</source>
        <translation>إظهار سماكات الخطوط</translation>
    </message>
</context>
<context>
    <name>LoadWarnings</name>
    <message>
        <location filename="../../desktop/viewer_messages.py" line="48"/>
        <source>%1 is cut short (it ends before its end-of-file marker); what it contains up to the cut is shown</source>
        <translation>الملف %1 مقطوع (ينتهي قبل علامة نهاية الملف)؛ يُعرض ما يحتويه حتى موضع القطع</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer_messages.py" line="51"/>
        <source>%1 has inconsistencies that were corrected (fixes: %2, unfixed errors: %3)</source>
        <translation>في الملف %1 تناقضات صُحِّحت (التصحيحات: %2، الأخطاء غير المصحَّحة: %3)</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer_messages.py" line="54"/>
        <source>%1 is damaged; it was repaired on loading and may be incomplete (fixes: %2, unfixed errors: %3)</source>
        <translation>الملف %1 تالف؛ أُصلح عند التحميل وقد يكون ناقصًا (التصحيحات: %2، الأخطاء غير المصحَّحة: %3)</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer_messages.py" line="57"/>
        <source>%1 has structural errors; it was read in recovery mode and may be incomplete</source>
        <translation>في الملف %1 أخطاء بنيوية؛ قُرئ في وضع الاسترداد وقد يكون ناقصًا</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer_messages.py" line="60"/>
        <source>fixed: %1</source>
        <translation>صُحِّح: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer_messages.py" line="61"/>
        <source>not fixed: %1</source>
        <translation>لم يُصحَّح: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer_messages.py" line="62"/>
        <source>repair messages not listed: %1</source>
        <translation>رسائل إصلاح أخرى لم تُدرج: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer_messages.py" line="63"/>
        <source>%1: model space is empty and no layout has content</source>
        <translation>%1: فضاء النموذج فارغ ولا يحتوي أي مخطط على محتوى</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer_messages.py" line="65"/>
        <source>%1 (%2) was converted to DXF by the ODA File Converter</source>
        <translation>حُوِّل الملف %1 (%2) إلى DXF بواسطة ODA File Converter</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer_messages.py" line="67"/>
        <source>%1 (%2) was converted to DXF by ezdwg; check details against the consultant&apos;s PDF where they matter</source>
        <translation>حُوِّل الملف %1 (%2) إلى DXF بواسطة ezdwg؛ راجع التفاصيل المهمة مقابل ملف PDF المقدَّم من المكتب الاستشاري</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer_messages.py" line="70"/>
        <source>%1 of %2 DWG entities could not be converted and are not shown (%3)</source>
        <translation>تعذّر تحويل %1 من أصل %2 من عناصر ملف DWG ولا تُعرض (%3)</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer_messages.py" line="73"/>
        <source>%1: shapes lying absurdly far away (beyond %3 drawing units) are not shown: %2</source>
        <translation>%1: أشكال بعيدة بعدًا غير معقول (أبعد من %3 وحدة رسم) لا تُعرض: %2</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer_messages.py" line="76"/>
        <source>%1: %3 entities not drawn (not supported by the drawing engine): %2</source>
        <translation>%1: عناصر %3 لم تُرسم (لا يدعمها محرك الرسم): %2</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer_messages.py" line="79"/>
        <source>%1: %3 entities that could not be drawn: %2 (%4)</source>
        <translation>%1: عناصر %3 تعذّر رسمها: %2 (%4)</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer_messages.py" line="81"/>
        <source>%1 is damaged; MuPDF repaired it to show it. Check the drawing against the consultant&apos;s original.</source>
        <translation>الملف %1 تالف؛ أصلحه MuPDF لعرضه. قارن الرسم بالأصل المقدَّم من المكتب الاستشاري.</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer_messages.py" line="84"/>
        <source>MuPDF: %1</source>
        <translation>MuPDF: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer_messages.py" line="85"/>
        <source>sheet %1 has no area (%2 x %3 pt)</source>
        <translation>اللوحة %1 بلا مساحة (%2 × %3 نقطة)</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer_messages.py" line="86"/>
        <source>the file is named .%1 but its content is %2; opened as %2</source>
        <translation>امتداد اسم الملف .%1 لكن محتواه %2؛ فُتح بصفته %2</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../../desktop/sync_ui/login_dialog.py" line="45"/>
        <source>Enter the server address and your user name.</source>
        <translation>أدخل عنوان الخادم واسم المستخدم.</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_ui/login_dialog.py" line="47"/>
        <source>Logging in…</source>
        <translation>جارٍ تسجيل الدخول…</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_ui/login_dialog.py" line="67"/>
        <source>Log in to the permit server</source>
        <translation>تسجيل الدخول إلى خادم التراخيص</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_ui/login_dialog.py" line="68"/>
        <source>Server:</source>
        <translation>الخادم:</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_ui/login_dialog.py" line="68"/>
        <source>User name:</source>
        <translation>اسم المستخدم:</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_ui/login_dialog.py" line="68"/>
        <source>Password:</source>
        <translation>كلمة المرور:</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_ui/login_dialog.py" line="71"/>
        <source>Remember me on this computer</source>
        <translation>تذكرني على هذا الحاسوب</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../desktop/main_window.py" line="209"/>
        <source>&amp;Open…</source>
        <translation>&amp;فتح…</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="209"/>
        <source>&amp;Close</source>
        <translation>إ&amp;غلاق</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="209"/>
        <source>&amp;Quit</source>
        <translation>&amp;خروج</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="210"/>
        <source>Zoom &amp;In</source>
        <translation>ت&amp;كبير</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="210"/>
        <source>Zoom &amp;Out</source>
        <translation>ت&amp;صغير</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="211"/>
        <source>Fit &amp;Page</source>
        <translation>ملاءمة ال&amp;لوحة</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="211"/>
        <source>Fit &amp;Width</source>
        <translation>ملاءمة ال&amp;عرض</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="212"/>
        <source>Actual Size (1:1)</source>
        <translation>المقاس الفعلي (1:1)</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="213"/>
        <source>Zoom to &amp;Rectangle</source>
        <translation>تكبير إلى م&amp;ستطيل</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="213"/>
        <source>Rotate View</source>
        <translation>تدوير العرض</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="214"/>
        <source>Previous Sheet</source>
        <translation>اللوحة السابقة</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="214"/>
        <source>Next Sheet</source>
        <translation>اللوحة التالية</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="215"/>
        <source>&amp;Go to Sheet…</source>
        <translation>الا&amp;نتقال إلى لوحة…</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="215"/>
        <source>&amp;Split View</source>
        <translation>&amp;تقسيم العرض</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="216"/>
        <source>&amp;Edit Sheet Number and Title…</source>
        <translation>&amp;تعديل رقم اللوحة وعنوانها…</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="217"/>
        <source>S&amp;ynchronise Views</source>
        <translation>م&amp;زامنة العرضين</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="218"/>
        <source>&amp;Detach View to New Window</source>
        <translation>&amp;فصل العرض إلى نافذة جديدة</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="219"/>
        <source>Cancel Rendering</source>
        <translation>إلغاء الرسم</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="220"/>
        <source>Calibrate Screen for 1:1…</source>
        <translation>معايرة الشاشة للمقاس 1:1…</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="221"/>
        <source>&amp;About Plan Review</source>
        <translation>&amp;حول مراجعة المخططات</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="225"/>
        <source>&amp;File</source>
        <translation>&amp;ملف</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="226"/>
        <source>Open &amp;Recent</source>
        <translation>الملفات ال&amp;أخيرة</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="227"/>
        <source>&amp;View</source>
        <translation>&amp;عرض</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="228"/>
        <source>&amp;Settings</source>
        <translation>الإ&amp;عدادات</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="229"/>
        <source>&amp;Language</source>
        <translation>ال&amp;لغة</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="230"/>
        <source>&amp;Help</source>
        <translation>م&amp;ساعدة</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="231"/>
        <source>Main Toolbar</source>
        <translation>شريط الأدوات الرئيسي</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="232"/>
        <source>Cancel</source>
        <translation>إلغاء</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="233"/>
        <source>Open a PDF, DXF or DWG drawing (Ctrl+O), or drop it here.</source>
        <translation>افتح مخططاً بصيغة PDF أو DXF أو DWG ‏(Ctrl+O)، أو أفلته هنا.</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="281"/>
        <source>Plan Review — second view</source>
        <translation>مراجعة المخططات — العرض الثاني</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="290"/>
        <source>Open Drawing</source>
        <translation>فتح مخطط</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="291"/>
        <source>Drawings (%1)</source>
        <translation>المخططات (%1)</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="307"/>
        <source>Opening %1…</source>
        <translation>جارٍ فتح %1…</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="344"/>
        <source>%1 opened with warnings: see the Inspector</source>
        <translation>فُتح %1 مع تحذيرات: راجع لوحة المراجِع</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="351"/>
        <source>Opening %1 cancelled</source>
        <translation>أُلغي فتح %1</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="355"/>
        <source>The password was not accepted. Password for %1:</source>
        <translation>لم تُقبل كلمة المرور. كلمة المرور للملف %1:</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="356"/>
        <source>%1 is encrypted. Password:</source>
        <translation>الملف %1 مشفّر. كلمة المرور:</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="357"/>
        <source>Password Required</source>
        <translation>كلمة المرور مطلوبة</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="366"/>
        <source>Cannot open %1</source>
        <translation>تعذّر فتح %1</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="429"/>
        <source>The review of this drawing is still opening; correct the sheet again in a moment</source>
        <translation>ما زالت مراجعة هذا المخطط قيد الفتح؛ أعد تصحيح اللوحة بعد قليل</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="434"/>
        <source>Correct Sheet %1</source>
        <translation>تصحيح اللوحة %1</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="439"/>
        <source>Go to Sheet</source>
        <translation>الانتقال إلى لوحة</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="440"/>
        <source>Sheet number (e.g. A-101) or position:</source>
        <translation>رقم اللوحة (مثل A-101) أو ترتيبها:</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="445"/>
        <source>No sheet %1</source>
        <translation>لا توجد لوحة %1</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="498"/>
        <source>Rendering cancelled</source>
        <translation>أُلغي الرسم</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="506"/>
        <source>Zoom %1%</source>
        <translation>التكبير %1%</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="533"/>
        <source>Calibrate Screen</source>
        <translation>معايرة الشاشة</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="534"/>
        <source>Screen pixels per millimetre (the screen&apos;s width in pixels divided by its width in millimetres, measured with a ruler):</source>
        <translation>عدد بكسلات الشاشة لكل مليمتر (عرض الشاشة بالبكسل مقسوماً على عرضها بالمليمتر، مقيساً بالمسطرة):</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="542"/>
        <source>About Plan Review</source>
        <translation>حول مراجعة المخططات</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="543"/>
        <source>Plan Review: building-permit e-plan review.</source>
        <translation>مراجعة المخططات: المراجعة الإلكترونية لمخططات رخص البناء.</translation>
    </message>
</context>
<context>
    <name>ManageReviewsDialog</name>
    <message>
        <location filename="../../desktop/workflow/dialogs.py" line="286"/>
        <source>Manage Reviews</source>
        <translation>إدارة المراجعات</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/dialogs.py" line="287"/>
        <source>Discipline</source>
        <translation>التخصص</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/dialogs.py" line="287"/>
        <source>Decision</source>
        <translation>القرار</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/dialogs.py" line="288"/>
        <source>Assigned to</source>
        <translation>مسندة إلى</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/dialogs.py" line="288"/>
        <source>Reopen</source>
        <translation>إعادة فتح</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/dialogs.py" line="289"/>
        <source>A reopened decision is cleared, and the engineer decides again; the history keeps the earlier one.</source>
        <translation>يُلغى القرار المعاد فتحه ويقرر المهندس من جديد، ويحتفظ السجل بالقرار السابق.</translation>
    </message>
</context>
<context>
    <name>MarkupTableModel</name>
    <message>
        <location filename="../../desktop/markups/list_dock.py" line="322"/>
        <source>Edit Markup</source>
        <translation>تعديل الملاحظة</translation>
    </message>
</context>
<context>
    <name>MarkupToolBar</name>
    <message>
        <location filename="../../desktop/markups/actions.py" line="65"/>
        <source>Undo</source>
        <translation>تراجع</translation>
    </message>
    <message>
        <location filename="../../desktop/markups/actions.py" line="66"/>
        <source>Redo</source>
        <translation>إعادة</translation>
    </message>
    <message>
        <location filename="../../desktop/markups/actions.py" line="127"/>
        <source>Markup Tools</source>
        <translation>أدوات الملاحظات</translation>
    </message>
    <message>
        <location filename="../../desktop/markups/actions.py" line="128"/>
        <source>Pan</source>
        <translation>تحريك</translation>
    </message>
    <message>
        <location filename="../../desktop/markups/actions.py" line="133"/>
        <source>Copy Markups</source>
        <translation>نسخ الملاحظات</translation>
    </message>
    <message>
        <location filename="../../desktop/markups/actions.py" line="133"/>
        <source>Paste Markups</source>
        <translation>لصق الملاحظات</translation>
    </message>
    <message>
        <location filename="../../desktop/markups/actions.py" line="134"/>
        <source>Delete Markups</source>
        <translation>حذف الملاحظات</translation>
    </message>
    <message>
        <location filename="../../desktop/markups/actions.py" line="135"/>
        <source>Select All Markups on Sheet</source>
        <translation>تحديد كل ملاحظات اللوحة</translation>
    </message>
    <message>
        <location filename="../../desktop/markups/actions.py" line="136"/>
        <source>Bring to Front</source>
        <translation>إحضار إلى الأمام</translation>
    </message>
    <message>
        <location filename="../../desktop/markups/actions.py" line="136"/>
        <source>Send to Back</source>
        <translation>إرسال إلى الخلف</translation>
    </message>
    <message>
        <location filename="../../desktop/markups/actions.py" line="137"/>
        <source>Lock</source>
        <translation>قفل</translation>
    </message>
    <message>
        <location filename="../../desktop/markups/actions.py" line="137"/>
        <source>Unlock</source>
        <translation>إلغاء القفل</translation>
    </message>
    <message>
        <location filename="../../desktop/markups/actions.py" line="138"/>
        <source>Snap to Drawing</source>
        <translation>الالتقاط إلى الرسم</translation>
    </message>
    <message>
        <location filename="../../desktop/markups/actions.py" line="139"/>
        <source>Show Viewports</source>
        <translation>إظهار إطارات العرض</translation>
    </message>
    <message>
        <location filename="../../desktop/markups/actions.py" line="140"/>
        <source>Sheet Scales…</source>
        <translation>مقاييس اللوحة…</translation>
    </message>
    <message>
        <location filename="../../desktop/markups/actions.py" line="144"/>
        <source>&amp;Markups</source>
        <translation>ال&amp;ملاحظات</translation>
    </message>
    <message>
        <location filename="../../desktop/markups/actions.py" line="145"/>
        <source>&amp;Tools</source>
        <translation>الأ&amp;دوات</translation>
    </message>
    <message>
        <location filename="../../desktop/markups/actions.py" line="146"/>
        <source>&amp;Export and Import</source>
        <translation>الت&amp;صدير والاستيراد</translation>
    </message>
    <message>
        <location filename="../../desktop/markups/actions.py" line="155"/>
        <source>Discipline of new markups</source>
        <translation>تخصص الملاحظات الجديدة</translation>
    </message>
</context>
<context>
    <name>Markups</name>
    <message>
        <location filename="../../desktop/markups/names.py" line="21"/>
        <source>Cloud</source>
        <translation>سحابة مراجعة</translation>
    </message>
    <message>
        <location filename="../../desktop/markups/names.py" line="22"/>
        <source>Callout</source>
        <translation>تعليق بسهم</translation>
    </message>
    <message>
        <location filename="../../desktop/markups/names.py" line="23"/>
        <source>Text Box</source>
        <translation>مربع نص</translation>
    </message>
    <message>
        <location filename="../../desktop/markups/names.py" line="24"/>
        <source>Arrow</source>
        <translation>سهم</translation>
    </message>
    <message>
        <location filename="../../desktop/markups/names.py" line="25"/>
        <source>Line</source>
        <translation>خط</translation>
    </message>
    <message>
        <location filename="../../desktop/markups/names.py" line="26"/>
        <source>Polyline</source>
        <translation>خط متعدد</translation>
    </message>
    <message>
        <location filename="../../desktop/markups/names.py" line="27"/>
        <source>Rectangle</source>
        <translation>مستطيل</translation>
    </message>
    <message>
        <location filename="../../desktop/markups/names.py" line="28"/>
        <source>Ellipse</source>
        <translation>قطع ناقص</translation>
    </message>
    <message>
        <location filename="../../desktop/markups/names.py" line="29"/>
        <source>Highlight</source>
        <translation>تظليل</translation>
    </message>
    <message>
        <location filename="../../desktop/markups/names.py" line="30"/>
        <source>Freehand</source>
        <translation>رسم حر</translation>
    </message>
    <message>
        <location filename="../../desktop/markups/names.py" line="31"/>
        <source>Stamp</source>
        <translation>ختم</translation>
    </message>
    <message>
        <location filename="../../desktop/markups/names.py" line="32"/>
        <source>Length</source>
        <translation>طول</translation>
    </message>
    <message>
        <location filename="../../desktop/markups/names.py" line="33"/>
        <source>Polylength</source>
        <translation>طول متعدد</translation>
    </message>
    <message>
        <location filename="../../desktop/markups/names.py" line="34"/>
        <source>Area</source>
        <translation>مساحة</translation>
    </message>
    <message>
        <location filename="../../desktop/markups/names.py" line="35"/>
        <source>Count</source>
        <translation>عدّ</translation>
    </message>
    <message>
        <location filename="../../desktop/markups/names.py" line="36"/>
        <source>Angle</source>
        <translation>زاوية</translation>
    </message>
    <message>
        <location filename="../../desktop/markups/names.py" line="37"/>
        <source>Calibrate Scale</source>
        <translation>معايرة المقياس</translation>
    </message>
    <message>
        <location filename="../../desktop/markups/names.py" line="38"/>
        <source>Define Viewport</source>
        <translation>تحديد إطار عرض</translation>
    </message>
    <message>
        <location filename="../../desktop/markups/names.py" line="39"/>
        <source>Select</source>
        <translation>تحديد</translation>
    </message>
    <message>
        <location filename="../../desktop/markups/names.py" line="46"/>
        <source>Open</source>
        <translation>مفتوحة</translation>
    </message>
    <message>
        <location filename="../../desktop/markups/names.py" line="47"/>
        <source>Answered</source>
        <translation>تم الرد</translation>
    </message>
    <message>
        <location filename="../../desktop/markups/names.py" line="48"/>
        <source>Resolved</source>
        <translation>محلولة</translation>
    </message>
    <message>
        <location filename="../../desktop/markups/names.py" line="49"/>
        <source>Void</source>
        <translation>ملغاة</translation>
    </message>
    <message>
        <location filename="../../desktop/markups/names.py" line="56"/>
        <source>Reviewed</source>
        <translation>تمت المراجعة</translation>
    </message>
    <message>
        <location filename="../../desktop/markups/names.py" line="57"/>
        <source>Revise and Resubmit</source>
        <translation>يعدل ويعاد تقديمه</translation>
    </message>
    <message>
        <location filename="../../desktop/markups/names.py" line="58"/>
        <source>Not Approved</source>
        <translation>غير معتمد</translation>
    </message>
</context>
<context>
    <name>MarkupsController</name>
    <message>
        <location filename="../../desktop/markups/controller.py" line="184"/>
        <source>Markups cannot be loaded: %1</source>
        <translation>تعذر تحميل الملاحظات: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/markups/controller.py" line="300"/>
        <source>Sheet scale set: %1</source>
        <translation>تم ضبط مقياس اللوحة: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/markups/controller.py" line="275"/>
        <source>Add %1</source>
        <translation>إضافة %1</translation>
    </message>
    <message>
        <location filename="../../desktop/markups/controller.py" line="281"/>
        <source>Pick both points inside the viewport %1</source>
        <translation>اختر النقطتين كلتيهما داخل إطار العرض %1</translation>
    </message>
    <message>
        <location filename="../../desktop/markups/controller.py" line="308"/>
        <source>Viewport %1</source>
        <translation>إطار العرض %1</translation>
    </message>
    <message>
        <location filename="../../desktop/markups/controller.py" line="318"/>
        <source>Now drag between two points inside %1 whose real distance you know</source>
        <translation>اسحب الآن بين نقطتين داخل %1 تعرف المسافة الحقيقية بينهما</translation>
    </message>
    <message>
        <location filename="../../desktop/markups/controller.py" line="326"/>
        <source>Viewport %1 measures at %2</source>
        <translation>إطار العرض %1 يقيس بمقياس %2</translation>
    </message>
    <message>
        <location filename="../../desktop/markups/controller.py" line="361"/>
        <source>Move Markups</source>
        <translation>نقل الملاحظات</translation>
    </message>
    <message>
        <location filename="../../desktop/markups/controller.py" line="364"/>
        <source>Delete Markups</source>
        <translation>حذف الملاحظات</translation>
    </message>
    <message>
        <location filename="../../desktop/markups/controller.py" line="367"/>
        <source>Bring to Front</source>
        <translation>إحضار إلى الأمام</translation>
    </message>
    <message>
        <location filename="../../desktop/markups/controller.py" line="367"/>
        <source>Send to Back</source>
        <translation>إرسال إلى الخلف</translation>
    </message>
    <message>
        <location filename="../../desktop/markups/controller.py" line="371"/>
        <source>Lock Markups</source>
        <translation>قفل الملاحظات</translation>
    </message>
    <message>
        <location filename="../../desktop/markups/controller.py" line="371"/>
        <source>Unlock Markups</source>
        <translation>إلغاء قفل الملاحظات</translation>
    </message>
    <message>
        <location filename="../../desktop/markups/controller.py" line="394"/>
        <source>Paste Markups</source>
        <translation>لصق الملاحظات</translation>
    </message>
</context>
<context>
    <name>MarkupsDock</name>
    <message>
        <location filename="../../desktop/markups/list_dock.py" line="541"/>
        <source>%1 markup(s)</source>
        <translation>%1 ملاحظة</translation>
    </message>
    <message>
        <location filename="../../desktop/markups/list_dock.py" line="599"/>
        <source>Change Status</source>
        <translation>تغيير الحالة</translation>
    </message>
    <message>
        <location filename="../../desktop/markups/list_dock.py" line="610"/>
        <location filename="../../desktop/markups/list_dock.py" line="716"/>
        <source>Reply</source>
        <translation>رد</translation>
    </message>
    <message>
        <location filename="../../desktop/markups/list_dock.py" line="637"/>
        <source>Rename Column…</source>
        <translation>إعادة تسمية العمود…</translation>
    </message>
    <message>
        <location filename="../../desktop/markups/list_dock.py" line="644"/>
        <location filename="../../desktop/markups/list_dock.py" line="659"/>
        <source>Rename Column</source>
        <translation>إعادة تسمية العمود</translation>
    </message>
    <message>
        <location filename="../../desktop/markups/list_dock.py" line="645"/>
        <source>Column name:</source>
        <translation>اسم العمود:</translation>
    </message>
    <message>
        <location filename="../../desktop/markups/list_dock.py" line="638"/>
        <location filename="../../desktop/markups/list_dock.py" line="664"/>
        <source>Remove Column</source>
        <translation>إزالة العمود</translation>
    </message>
    <message>
        <location filename="../../desktop/markups/list_dock.py" line="706"/>
        <source>Markups</source>
        <translation>الملاحظات</translation>
    </message>
    <message>
        <location filename="../../desktop/markups/list_dock.py" line="707"/>
        <source>Filter: comment, author, kind…</source>
        <translation>تصفية: التعليق، الكاتب، النوع…</translation>
    </message>
    <message>
        <location filename="../../desktop/markups/list_dock.py" line="708"/>
        <source>All statuses</source>
        <translation>كل الحالات</translation>
    </message>
    <message>
        <location filename="../../desktop/markups/list_dock.py" line="710"/>
        <source>All sheets</source>
        <translation>كل اللوحات</translation>
    </message>
    <message>
        <location filename="../../desktop/markups/list_dock.py" line="710"/>
        <source>This sheet</source>
        <translation>هذه اللوحة</translation>
    </message>
    <message>
        <location filename="../../desktop/markups/list_dock.py" line="711"/>
        <source>No grouping</source>
        <translation>بدون تجميع</translation>
    </message>
    <message>
        <location filename="../../desktop/markups/list_dock.py" line="712"/>
        <source>Group by %1</source>
        <translation>تجميع حسب %1</translation>
    </message>
    <message>
        <location filename="../../desktop/markups/list_dock.py" line="714"/>
        <source>Add Column…</source>
        <translation>إضافة عمود…</translation>
    </message>
    <message>
        <location filename="../../desktop/markups/list_dock.py" line="715"/>
        <source>Set Status</source>
        <translation>تعيين الحالة</translation>
    </message>
    <message>
        <location filename="../../desktop/markups/list_dock.py" line="717"/>
        <source>Write a reply…</source>
        <translation>اكتب ردًا…</translation>
    </message>
</context>
<context>
    <name>MarkupsList</name>
    <message>
        <location filename="../../desktop/markups/list_dock.py" line="350"/>
        <source>Sheet</source>
        <translation>اللوحة</translation>
    </message>
    <message>
        <location filename="../../desktop/markups/list_dock.py" line="351"/>
        <source>Discipline</source>
        <translation>التخصص</translation>
    </message>
    <message>
        <location filename="../../desktop/markups/list_dock.py" line="352"/>
        <source>Kind</source>
        <translation>النوع</translation>
    </message>
    <message>
        <location filename="../../desktop/markups/list_dock.py" line="353"/>
        <source>Author</source>
        <translation>الكاتب</translation>
    </message>
    <message>
        <location filename="../../desktop/markups/list_dock.py" line="354"/>
        <source>Status</source>
        <translation>الحالة</translation>
    </message>
    <message>
        <location filename="../../desktop/markups/list_dock.py" line="355"/>
        <source>Date</source>
        <translation>التاريخ</translation>
    </message>
    <message>
        <location filename="../../desktop/markups/list_dock.py" line="356"/>
        <source>Comment</source>
        <translation>التعليق</translation>
    </message>
    <message>
        <location filename="../../desktop/markups/list_dock.py" line="357"/>
        <source>Measured</source>
        <translation>القياس</translation>
    </message>
</context>
<context>
    <name>Measure</name>
    <message>
        <location filename="../../desktop/markups/names.py" line="78"/>
        <source>no units: calibrate</source>
        <translation>بلا وحدات: عايِر المقياس</translation>
    </message>
    <message>
        <location filename="../../desktop/markups/names.py" line="81"/>
        <source>1 unit = %1</source>
        <translation>الوحدة = %1</translation>
    </message>
</context>
<context>
    <name>NavigatorDock</name>
    <message>
        <location filename="../../desktop/navigator.py" line="142"/>
        <source>Sheets</source>
        <translation>اللوحات</translation>
    </message>
</context>
<context>
    <name>NoteDialog</name>
    <message>
        <location filename="../../desktop/workflow/dialogs.py" line="47"/>
        <source>Note</source>
        <translation>ملاحظة</translation>
    </message>
</context>
<context>
    <name>PendingOperationsDock</name>
    <message>
        <location filename="../../desktop/sync_ui/pending_panel.py" line="92"/>
        <source>Waiting</source>
        <translation>في الانتظار</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_ui/pending_panel.py" line="92"/>
        <source>Sending</source>
        <translation>جارٍ الإرسال</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_ui/pending_panel.py" line="93"/>
        <source>Will retry</source>
        <translation>ستُعاد المحاولة</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_ui/pending_panel.py" line="94"/>
        <source>Needs attention</source>
        <translation>يحتاج إلى متابعة</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_ui/pending_panel.py" line="97"/>
        <source>Pending Changes</source>
        <translation>التغييرات المعلّقة</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_ui/pending_panel.py" line="99"/>
        <source>State</source>
        <translation>الحالة</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_ui/pending_panel.py" line="99"/>
        <source>Change</source>
        <translation>التغيير</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_ui/pending_panel.py" line="99"/>
        <source>Attempts</source>
        <translation>المحاولات</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_ui/pending_panel.py" line="99"/>
        <source>Reason</source>
        <translation>السبب</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_ui/pending_panel.py" line="100"/>
        <source>&amp;Retry</source>
        <translation>إعادة المحاولة</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_ui/pending_panel.py" line="101"/>
        <source>&amp;Discard</source>
        <translation>تجاهل</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_ui/pending_panel.py" line="102"/>
        <source>Resolve &amp;Conflict…</source>
        <translation>حل التعارض…</translation>
    </message>
</context>
<context>
    <name>PrintDialog</name>
    <message>
        <location filename="../../desktop/printing.py" line="425"/>
        <source>Print</source>
        <translation>طباعة</translation>
    </message>
    <message>
        <location filename="../../desktop/printing.py" line="426"/>
        <source>Current sheet</source>
        <translation>اللوحة الحالية</translation>
    </message>
    <message>
        <location filename="../../desktop/printing.py" line="427"/>
        <source>All sheets</source>
        <translation>كل اللوحات</translation>
    </message>
    <message>
        <location filename="../../desktop/printing.py" line="428"/>
        <source>All sheets of the chosen drawings</source>
        <translation>كل لوحات المخططات المختارة</translation>
    </message>
    <message>
        <location filename="../../desktop/printing.py" line="432"/>
        <source>Fit to paper</source>
        <translation>ملاءمة حجم الورق</translation>
    </message>
    <message>
        <location filename="../../desktop/printing.py" line="434"/>
        <source>True scale 1:%1</source>
        <translation>المقياس الحقيقي 1:%1</translation>
    </message>
    <message>
        <location filename="../../desktop/printing.py" line="437"/>
        <source>Scale:</source>
        <translation>المقياس:</translation>
    </message>
    <message>
        <location filename="../../desktop/printing.py" line="438"/>
        <source>Paper:</source>
        <translation>الورق:</translation>
    </message>
    <message>
        <location filename="../../desktop/printing.py" line="439"/>
        <source>Tile overlap:</source>
        <translation>تداخل الأجزاء:</translation>
    </message>
    <message>
        <location filename="../../desktop/printing.py" line="440"/>
        <source>Tile a sheet larger than the paper, with crop marks</source>
        <translation>تقسيم اللوحة الأكبر من الورق على عدة أوراق مع علامات القص</translation>
    </message>
    <message>
        <location filename="../../desktop/printing.py" line="441"/>
        <source>Include markups</source>
        <translation>تضمين علامات المراجعة</translation>
    </message>
    <message>
        <location filename="../../desktop/printing.py" line="442"/>
        <source>Pre&amp;view…</source>
        <translation>&amp;معاينة…</translation>
    </message>
    <message>
        <location filename="../../desktop/printing.py" line="443"/>
        <source>Save as &amp;PDF…</source>
        <translation>حفظ بصيغة &amp;PDF…</translation>
    </message>
    <message>
        <location filename="../../desktop/printing.py" line="444"/>
        <source>&amp;Print…</source>
        <translation>&amp;طباعة…</translation>
    </message>
    <message>
        <location filename="../../desktop/printing.py" line="477"/>
        <source>Pages to print: %1 on %2 paper</source>
        <translation>عدد الصفحات للطباعة: %1 على ورق %2</translation>
    </message>
    <message>
        <location filename="../../desktop/printing.py" line="531"/>
        <source>Save Print as PDF</source>
        <translation>حفظ الطباعة بصيغة PDF</translation>
    </message>
    <message>
        <location filename="../../desktop/printing.py" line="532"/>
        <source>PDF files (*.pdf)</source>
        <translation>ملفات PDF ‏(*.pdf)</translation>
    </message>
    <message>
        <location filename="../../desktop/printing.py" line="550"/>
        <source>Cannot Print</source>
        <translation>تعذّرت الطباعة</translation>
    </message>
</context>
<context>
    <name>PrintingActions</name>
    <message>
        <location filename="../../desktop/printing.py" line="572"/>
        <source>&amp;Print…</source>
        <translation>&amp;طباعة…</translation>
    </message>
    <message>
        <location filename="../../desktop/printing.py" line="573"/>
        <source>Print Several &amp;Drawings…</source>
        <translation>طباعة عدة &amp;مخططات…</translation>
    </message>
    <message>
        <location filename="../../desktop/printing.py" line="601"/>
        <source>Print Several Drawings</source>
        <translation>طباعة عدة مخططات</translation>
    </message>
    <message>
        <location filename="../../desktop/printing.py" line="602"/>
        <source>Drawings (*.pdf *.dxf *.dwg)</source>
        <translation>المخططات (*.pdf *.dxf *.dwg)</translation>
    </message>
</context>
<context>
    <name>Prompts</name>
    <message>
        <location filename="../../desktop/markups/controller.py" line="51"/>
        <source>Comment:</source>
        <translation>التعليق:</translation>
    </message>
    <message>
        <location filename="../../desktop/markups/controller.py" line="56"/>
        <source>Stamp</source>
        <translation>ختم</translation>
    </message>
    <message>
        <location filename="../../desktop/markups/controller.py" line="57"/>
        <source>Stamp (or type your own):</source>
        <translation>الختم (أو اكتب ختمك):</translation>
    </message>
    <message>
        <location filename="../../desktop/markups/controller.py" line="66"/>
        <source>Calibrate Scale</source>
        <translation>معايرة المقياس</translation>
    </message>
    <message>
        <location filename="../../desktop/markups/controller.py" line="67"/>
        <source>Real length between the two points (e.g. 5 m, 3500 mm, 12 ft):</source>
        <translation>الطول الحقيقي بين النقطتين (مثل 5 m أو 3500 mm أو 12 ft):</translation>
    </message>
    <message>
        <location filename="../../desktop/markups/controller.py" line="81"/>
        <source>Rename Viewport</source>
        <translation>إعادة تسمية إطار العرض</translation>
    </message>
    <message>
        <location filename="../../desktop/markups/controller.py" line="82"/>
        <source>Viewport name:</source>
        <translation>اسم إطار العرض:</translation>
    </message>
</context>
<context>
    <name>ReviewQueueDock</name>
    <message>
        <location filename="../../desktop/sync_ui/review_queue.py" line="153"/>
        <source>Waiting more than %1 days: %2</source>
        <translation>في الانتظار أكثر من %1 يومًا: %2</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_ui/review_queue.py" line="158"/>
        <source>Review Queue</source>
        <translation>قائمة المراجعة</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_ui/review_queue.py" line="159"/>
        <source>Waiting for me</source>
        <translation>بانتظاري</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_ui/review_queue.py" line="160"/>
        <source>All applications</source>
        <translation>جميع الطلبات</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_ui/review_queue.py" line="161"/>
        <source>Reference</source>
        <translation>الرقم المرجعي</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_ui/review_queue.py" line="161"/>
        <source>Title</source>
        <translation>العنوان</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_ui/review_queue.py" line="161"/>
        <source>State</source>
        <translation>الحالة</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_ui/review_queue.py" line="162"/>
        <source>Days waiting</source>
        <translation>أيام الانتظار</translation>
    </message>
</context>
<context>
    <name>ScalesDialog</name>
    <message>
        <location filename="../../desktop/markups/scales.py" line="99"/>
        <location filename="../../desktop/markups/scales.py" line="213"/>
        <source>Change Scale</source>
        <translation>تغيير المقياس</translation>
    </message>
    <message>
        <location filename="../../desktop/markups/scales.py" line="100"/>
        <source>Scale (e.g. 1:50, 1:100, 1:200):</source>
        <translation>المقياس (مثل 1:50 أو 1:100 أو 1:200):</translation>
    </message>
    <message>
        <location filename="../../desktop/markups/scales.py" line="149"/>
        <source>Sheet Scales — %1</source>
        <translation>مقاييس اللوحة — %1</translation>
    </message>
    <message>
        <location filename="../../desktop/markups/scales.py" line="151"/>
        <source>Name</source>
        <translation>الاسم</translation>
    </message>
    <message>
        <location filename="../../desktop/markups/scales.py" line="151"/>
        <source>Scale</source>
        <translation>المقياس</translation>
    </message>
    <message>
        <location filename="../../desktop/markups/scales.py" line="152"/>
        <source>Draw a viewport with Define Viewport. To calibrate a viewport, drag Calibrate Scale between two points inside it.</source>
        <translation>ارسم إطار عرض بأداة «تحديد إطار عرض». لمعايرة إطار عرض، اسحب أداة «معايرة المقياس» بين نقطتين داخله.</translation>
    </message>
    <message>
        <location filename="../../desktop/markups/scales.py" line="154"/>
        <source>Rename…</source>
        <translation>إعادة تسمية…</translation>
    </message>
    <message>
        <location filename="../../desktop/markups/scales.py" line="155"/>
        <source>Change Scale…</source>
        <translation>تغيير المقياس…</translation>
    </message>
    <message>
        <location filename="../../desktop/markups/scales.py" line="156"/>
        <source>Delete</source>
        <translation>حذف</translation>
    </message>
    <message>
        <location filename="../../desktop/markups/scales.py" line="166"/>
        <source>Whole sheet</source>
        <translation>اللوحة كاملة</translation>
    </message>
    <message>
        <location filename="../../desktop/markups/scales.py" line="202"/>
        <source>Rename Viewport</source>
        <translation>إعادة تسمية إطار العرض</translation>
    </message>
    <message>
        <location filename="../../desktop/markups/scales.py" line="225"/>
        <source>Delete Viewport</source>
        <translation>حذف إطار العرض</translation>
    </message>
</context>
<context>
    <name>ServerMenu</name>
    <message>
        <location filename="../../desktop/sync_ui/__init__.py" line="46"/>
        <source>&amp;Server</source>
        <translation>الخادم</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_ui/__init__.py" line="47"/>
        <source>&amp;Log in to Permit Server…</source>
        <translation>تسجيل الدخول إلى خادم التراخيص…</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_ui/__init__.py" line="48"/>
        <source>Log &amp;Out</source>
        <translation>تسجيل ال&amp;خروج</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_ui/__init__.py" line="49"/>
        <source>S&amp;ync Now</source>
        <translation>مزامنة الآن</translation>
    </message>
</context>
<context>
    <name>SyncController</name>
    <message>
        <location filename="../../desktop/sync_ui/controller.py" line="105"/>
        <source>Logged out of the permit server.</source>
        <translation>تم تسجيل الخروج من خادم التراخيص.</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_ui/controller.py" line="106"/>
        <source>Logged out on this computer. The permit server could not be reached, so this login stays valid there until it expires.</source>
        <translation>تم تسجيل الخروج على هذا الحاسوب. تعذّر الوصول إلى خادم التراخيص، لذا يبقى تسجيل الدخول هذا صالحًا لديه حتى تنتهي صلاحيته.</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_ui/controller.py" line="205"/>
        <source>Log in to the permit server to open an application.</source>
        <translation>سجّل الدخول إلى خادم التراخيص لفتح طلب.</translation>
    </message>
</context>
<context>
    <name>SyncIndicator</name>
    <message>
        <location filename="../../desktop/sync_ui/indicator.py" line="38"/>
        <source>%1 pending</source>
        <translation>%1 معلّق</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_ui/indicator.py" line="40"/>
        <source>Not logged in</source>
        <translation>غير مسجّل الدخول</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_ui/indicator.py" line="41"/>
        <source>Log in again</source>
        <translation>سجّل الدخول مرة أخرى</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_ui/indicator.py" line="42"/>
        <source>Needs attention: %1</source>
        <translation>يحتاج إلى متابعة: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_ui/indicator.py" line="44"/>
        <source>Online</source>
        <translation>متصل</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_ui/indicator.py" line="45"/>
        <source>Offline</source>
        <translation>غير متصل</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_ui/indicator.py" line="49"/>
        <source>Changes waiting to be sent to the permit server; click to see them</source>
        <translation>تغييرات بانتظار الإرسال إلى خادم التراخيص؛ انقر لعرضها</translation>
    </message>
</context>
<context>
    <name>Verification</name>
    <message>
        <location filename="../../desktop/workflow/verification.py" line="20"/>
        <source>the file is damaged and cannot be read as a PDF (%1)</source>
        <translation>الملف تالف ولا يمكن قراءته كملف PDF (%1)</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/verification.py" line="22"/>
        <source>the file carries no signature: it is not a signed approved set</source>
        <translation>الملف لا يحمل توقيعًا: ليس مجموعة مخططات معتمدة موقّعة</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/verification.py" line="24"/>
        <source>the file carries %1 signatures; an approved set is certified once</source>
        <translation>يحمل الملف %1 من التوقيعات؛ ومجموعة المخططات المعتمدة تُصادَق مرة واحدة فقط</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/verification.py" line="26"/>
        <source>the signature is not a certification signature</source>
        <translation>التوقيع ليس توقيع مصادقة</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/verification.py" line="28"/>
        <source>the signature cannot be validated (%1)</source>
        <translation>لا يمكن التحقق من التوقيع (%1)</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/verification.py" line="29"/>
        <source>the signed content does not match its signature: bytes of the file were changed after signing</source>
        <translation>المحتوى الموقّع لا يطابق توقيعه: غُيِّرت بايتات من الملف بعد التوقيع</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/verification.py" line="32"/>
        <source>the signature&apos;s cryptography is invalid</source>
        <translation>التشفير في التوقيع غير صالح</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/verification.py" line="34"/>
        <source>the signing certificate (%1) does not chain to the trusted root (%2)</source>
        <translation>شهادة التوقيع (%1) لا ترتبط بالشهادة الجذرية الموثوقة (%2)</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/verification.py" line="37"/>
        <source>the signature has no timestamp</source>
        <translation>التوقيع بلا ختم زمني</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/verification.py" line="38"/>
        <source>the signature&apos;s timestamp is not valid or not trusted</source>
        <translation>الختم الزمني للتوقيع غير صالح أو غير موثوق</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/verification.py" line="40"/>
        <source>a document timestamp added after signing is not valid or not trusted</source>
        <translation>ختم زمني للمستند أُضيف بعد التوقيع غير صالح أو غير موثوق</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/verification.py" line="43"/>
        <source>the file was changed after signing: an update was appended that %1</source>
        <translation>عُدِّل الملف بعد التوقيع: أُلحق به تحديث %1</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/verification.py" line="63"/>
        <source>adds validation data or a document timestamp</source>
        <translation>يضيف بيانات تحقق أو ختمًا زمنيًا للمستند</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/verification.py" line="65"/>
        <source>fills in form fields or adds a signature</source>
        <translation>يملأ حقول نماذج أو يضيف توقيعًا</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/verification.py" line="66"/>
        <source>adds or changes annotations (comments, markups)</source>
        <translation>يضيف تعليقات توضيحية أو يغيّرها (ملاحظات، علامات مراجعة)</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/verification.py" line="68"/>
        <source>changes pages, annotations or drawing content</source>
        <translation>يغيّر الصفحات أو التعليقات التوضيحية أو محتوى الرسم</translation>
    </message>
    <message>
        <location filename="../../desktop/workflow/verification.py" line="69"/>
        <source>cannot be classified</source>
        <translation>لا يمكن تصنيفه</translation>
    </message>
</context>
<context>
    <name>ViewerErrors</name>
    <message>
        <location filename="../../desktop/viewer_messages.py" line="122"/>
        <source>install the free ODA File Converter (opendesign.com) and open the file again, or ask the consultant for DWG 2000-2018 or DXF</source>
        <translation>ثبّت برنامج ODA File Converter المجاني (opendesign.com) وافتح الملف مجددًا، أو اطلب من المكتب الاستشاري ملف DWG بإصدار 2000-2018 أو ملف DXF</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer_messages.py" line="126"/>
        <source>%1 is a folder, not a drawing file</source>
        <translation>%1 مجلد وليس ملف رسم</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer_messages.py" line="127"/>
        <source>%1 is empty (0 bytes)</source>
        <translation>الملف %1 فارغ (0 بايت)</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer_messages.py" line="128"/>
        <source>%1 is not a PDF, DXF or DWG drawing, nor a kind of file Plan Review recognises</source>
        <translation>الملف %1 ليس رسمًا بصيغة PDF أو DXF أو DWG، ولا نوعًا من الملفات يتعرّف عليه Plan Review</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer_messages.py" line="131"/>
        <source>%1 is not a PDF, DXF or DWG drawing: it is %2</source>
        <translation>الملف %1 ليس رسمًا بصيغة PDF أو DXF أو DWG: إنه %2</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer_messages.py" line="133"/>
        <source>%1 is %2, not a drawing file; only regular files are opened</source>
        <translation>%1 هو %2 وليس ملف رسم؛ لا تُفتح إلا الملفات العادية</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer_messages.py" line="135"/>
        <source>%1 is a %2 drawing; this build of Plan Review opens PDF sheets only</source>
        <translation>الملف %1 رسم بصيغة %2؛ هذا الإصدار من Plan Review يفتح لوحات PDF فقط</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer_messages.py" line="138"/>
        <source>%1 is damaged beyond repair and cannot be opened as a PDF (%2)</source>
        <translation>الملف %1 تالف تلفًا لا يُصلح ولا يمكن فتحه كملف PDF (%2)</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer_messages.py" line="140"/>
        <source>%1 is damaged: its page tree cannot be read (%2)</source>
        <translation>الملف %1 تالف: تعذّرت قراءة شجرة صفحاته (%2)</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer_messages.py" line="142"/>
        <source>%1 is damaged (truncated?) and no page could be recovered</source>
        <translation>الملف %1 تالف (مقطوع؟) ولم يمكن استرداد أي صفحة</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer_messages.py" line="144"/>
        <source>%1 has no pages</source>
        <translation>لا صفحات في الملف %1</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer_messages.py" line="145"/>
        <source>%1 is damaged beyond repair and cannot be opened as a DXF (%2)</source>
        <translation>الملف %1 تالف تلفًا لا يُصلح ولا يمكن فتحه كملف DXF (%2)</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer_messages.py" line="147"/>
        <source>%1 is not a DWG drawing (it has no DWG version header); it may be damaged or another kind of file</source>
        <translation>الملف %1 ليس رسم DWG (لا ترويسة إصدار DWG فيه)؛ قد يكون تالفًا أو من نوع آخر</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer_messages.py" line="150"/>
        <source>%1 is a %2 drawing, which the built-in converter does not read (it reads DWG R13 to 2018); %3</source>
        <translation>الملف %1 رسم بإصدار %2 لا يقرؤه المحوّل المدمج (يقرأ DWG من R13 إلى 2018)؛ %3</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer_messages.py" line="153"/>
        <source>the ODA File Converter could not read %1 (%2): %3</source>
        <translation>تعذّر على ODA File Converter قراءة %1 (%2): %3</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer_messages.py" line="155"/>
        <source>%1 (%2) could not be converted: %3; %4</source>
        <translation>تعذّر تحويل %1 (%2): %3؛ %4</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer_messages.py" line="157"/>
        <source>%1 (%2): the DWG converter did not finish within %3 s and was stopped</source>
        <translation>%1 (%2): لم ينتهِ محوّل DWG خلال %3 ثانية فأُوقف</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer_messages.py" line="160"/>
        <source>%1: reading made no progress for %2 s and was stopped</source>
        <translation>%1: لم تتقدم القراءة طوال %2 ثانية فأُوقفت</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer_messages.py" line="162"/>
        <source>%1 needs more memory to open than this computer allows Plan Review to use</source>
        <translation>يحتاج فتح %1 إلى ذاكرة أكثر مما يسمح هذا الحاسوب لبرنامج Plan Review باستخدامه</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer_messages.py" line="165"/>
        <source>%1 could not be opened: the reader failed (%2)</source>
        <translation>تعذّر فتح %1: أخفق القارئ (%2)</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer_messages.py" line="167"/>
        <source>%1 (%2) could not be opened: the reader stopped unexpectedly (exit status %3); the file may be damaged</source>
        <translation>تعذّر فتح %1 (%2): توقف القارئ على نحو غير متوقع (رمز الخروج %3)؛ قد يكون الملف تالفًا</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer_messages.py" line="170"/>
        <source>the compiled form of %1 is unreadable (%2); open the file again to rebuild it</source>
        <translation>تعذّرت قراءة الصيغة المُعدّة من %1 (%2)؛ افتح الملف مجددًا لإعادة بنائها</translation>
    </message>
</context>
<context>
    <name>ViewportDialog</name>
    <message>
        <location filename="../../desktop/markups/scales.py" line="47"/>
        <source>Define Viewport</source>
        <translation>تحديد إطار عرض</translation>
    </message>
    <message>
        <location filename="../../desktop/markups/scales.py" line="55"/>
        <source>Calibrate with two points…</source>
        <translation>معايرة بنقطتين…</translation>
    </message>
    <message>
        <location filename="../../desktop/markups/scales.py" line="59"/>
        <source>Name:</source>
        <translation>الاسم:</translation>
    </message>
    <message>
        <location filename="../../desktop/markups/scales.py" line="60"/>
        <source>Scale:</source>
        <translation>المقياس:</translation>
    </message>
    <message>
        <location filename="../../desktop/markups/scales.py" line="72"/>
        <source>Give the viewport a name.</source>
        <translation>أعطِ إطار العرض اسمًا.</translation>
    </message>
    <message>
        <location filename="../../desktop/markups/scales.py" line="81"/>
        <source>%1 is not a scale; write it as 1:50, 1:100 or 50.</source>
        <translation>%1 ليس مقياسًا؛ اكتبه مثل 1:50 أو 1:100 أو 50.</translation>
    </message>
</context>
<context>
    <name>Workflow</name>
    <message>
        <location filename="../../desktop/permit_names.py" line="42"/>
        <source>Approved</source>
        <translation>معتمد</translation>
    </message>
    <message>
        <location filename="../../desktop/permit_names.py" line="45"/>
        <source>Rejected</source>
        <translation>مرفوض</translation>
    </message>
    <message>
        <location filename="../../desktop/permit_names.py" line="43"/>
        <source>Approved with comments</source>
        <translation>معتمد مع ملاحظات</translation>
    </message>
    <message>
        <location filename="../../desktop/permit_names.py" line="44"/>
        <source>Revision required</source>
        <translation>مطلوب تعديل</translation>
    </message>
    <message>
        <location filename="../../desktop/permit_names.py" line="46"/>
        <source>Not required</source>
        <translation>غير مطلوب</translation>
    </message>
    <message>
        <location filename="../../desktop/permit_names.py" line="49"/>
        <source>Pending</source>
        <translation>قيد الانتظار</translation>
    </message>
    <message>
        <location filename="../../desktop/permit_names.py" line="93"/>
        <source>Residential</source>
        <translation>سكني</translation>
    </message>
    <message>
        <location filename="../../desktop/permit_names.py" line="94"/>
        <source>Commercial</source>
        <translation>تجاري</translation>
    </message>
    <message>
        <location filename="../../desktop/permit_names.py" line="95"/>
        <source>Industrial</source>
        <translation>صناعي</translation>
    </message>
    <message>
        <location filename="../../desktop/permit_names.py" line="96"/>
        <source>Mixed use</source>
        <translation>متعدد الاستعمالات</translation>
    </message>
    <message>
        <location filename="../../desktop/permit_names.py" line="97"/>
        <source>Public</source>
        <translation>عام</translation>
    </message>
    <message>
        <location filename="../../desktop/permit_names.py" line="104"/>
        <source>Intake</source>
        <translation>الاستلام</translation>
    </message>
</context>
<context>
    <name>WorkflowController</name>
    <message>
        <location filename="../../desktop/workflow/controller.py" line="50"/>
        <source>Log in to the permit server first.</source>
        <translation>سجّل الدخول إلى خادم التراخيص أولاً.</translation>
    </message>
</context>
<context>
    <name>WorkflowMenu</name>
    <message>
        <location filename="../../desktop/workflow/__init__.py" line="37"/>
        <source>&amp;Workflow</source>
        <translation>سير &amp;العمل</translation>
    </message>
</context>
</TS>
