"""Names for culture, sport, tourism, press, religion, ethnic affairs and police fields.

Owned by Sở Văn hóa, Thể thao và Du lịch (which took press and publishing in 2025),
Sở Dân tộc và Tôn giáo and Công an tỉnh. See :mod:`bpmn.catalog.vocab_base`.
"""

from __future__ import annotations

from bpmn.catalog.vocab_base import LICENCE, Vocab, obj

__all__ = ["VOCAB"]

_SPORTS = ("Bơi, Lặn", "Taekwondo", "Karate", "Vovinam", "Judo", "Wushu", "Thể dục thẩm mỹ",
           "Thể dục thể hình và Fitness", "Khiêu vũ thể thao", "Quần vợt", "Cầu lông",
           "Bóng bàn", "Yoga", "Billiards & Snooker", "Golf", "Bóng đá", "Lân Sư Rồng",
           "Patin", "Dù lượn và Diều bay", "Leo núi thể thao")
_RELIGION_SCOPE = ("c:có địa bàn hoạt động ở một xã", "p:có địa bàn hoạt động ở nhiều xã")

VOCAB: dict[str, Vocab] = {
    "van_hoa": Vocab(
        real=(
            "c:Thông báo tổ chức lễ hội",
            "c:Đăng ký tổ chức lễ hội",
            "c:Cấp giấy phép đủ điều kiện kinh doanh dịch vụ karaoke",
            "c:Cấp giấy phép điều chỉnh giấy phép đủ điều kiện kinh doanh dịch vụ karaoke",
            "p:Cấp giấy phép đủ điều kiện kinh doanh dịch vụ vũ trường",
            "p:Cấp giấy phép điều chỉnh giấy phép đủ điều kiện kinh doanh dịch vụ vũ trường",
            "p:Tổ chức cuộc thi, liên hoan trên địa bàn quản lý trong lĩnh vực nghệ thuật "
            "biểu diễn",
            "p:Tổ chức biểu diễn nghệ thuật trên địa bàn quản lý",
            "p:Cấp giấy phép triển lãm mỹ thuật",
            "p:Cấp giấy phép sao chép tác phẩm mỹ thuật về danh nhân văn hóa, anh hùng dân "
            "tộc, lãnh tụ",
            "p:Cấp giấy phép xây dựng tượng đài, tranh hoành tráng",
            "p:Cấp giấy phép tổ chức triển lãm tác phẩm nhiếp ảnh tại Việt Nam",
            "c:Thông báo tổ chức triển lãm tác phẩm nhiếp ảnh tại cơ sở",
            "c:Xét tặng danh hiệu Gia đình văn hóa",
            "c:Xét tặng danh hiệu Thôn, tổ dân phố văn hóa",
            "p:Xét tặng danh hiệu Xã, phường tiêu biểu",
            "c:Tiếp nhận hồ sơ thông báo sản phẩm quảng cáo trên bảng quảng cáo, băng-rôn",
            "p:Tiếp nhận thông báo tổ chức đoàn người thực hiện quảng cáo",
            "c:Đăng ký hoạt động thư viện tư nhân có vốn sách ban đầu từ 500 bản đến dưới "
            "1.000 bản",
            "p:Thông báo thành lập thư viện chuyên ngành, thư viện đa ngành",
            "p:Thông báo sáp nhập, hợp nhất, chia, tách thư viện",
            "p:Thông báo chấm dứt hoạt động thư viện",
            "c:Thông báo thành lập thư viện cộng đồng",
            "p:Cấp phép nhập khẩu văn hóa phẩm không nhằm mục đích kinh doanh",
            "p:Giám định văn hóa phẩm xuất khẩu không nhằm mục đích kinh doanh",
            "p:Cấp giấy phép phổ biến phim do cơ sở điện ảnh của tỉnh sản xuất",
            "c:Công nhận câu lạc bộ văn hóa, văn nghệ quần chúng",
            "c:Tổ chức hội diễn văn nghệ quần chúng cấp xã",
            "c:Thông báo tổ chức biểu diễn nghệ thuật tại cơ sở",
            "c:Cấp phép tổ chức hoạt động văn hóa, văn nghệ tại nơi công cộng",
            "c:Thông báo tổ chức quảng cáo trên phương tiện giao thông",
        ),
    ),
    "di_san_van_hoa": Vocab(
        real=(
            "p:Cấp chứng chỉ hành nghề mua bán di vật, cổ vật",
            "p:Cấp lại chứng chỉ hành nghề mua bán di vật, cổ vật",
            "p:Cấp giấy chứng nhận đủ điều kiện kinh doanh giám định cổ vật",
            "p:Cấp phép cho người nước ngoài tiến hành nghiên cứu, sưu tầm di sản văn hóa phi "
            "vật thể tại địa phương",
            "p:Xác nhận đủ điều kiện cấp giấy phép hoạt động bảo tàng ngoài công lập",
            "p:Cấp giấy phép hoạt động bảo tàng ngoài công lập",
            "p:Đăng ký di vật, cổ vật, bảo vật quốc gia",
            "p:Cấp phép khai quật khẩn cấp",
            "p:Thẩm định dự án tu bổ, phục hồi di tích cấp tỉnh",
            "p:Cho phép làm bản sao di vật, cổ vật thuộc di tích cấp tỉnh",
            "p:Xếp hạng di tích cấp tỉnh|2m",
            "p:Xếp hạng bổ sung di tích cấp tỉnh|2m",
            "p:Hủy bỏ quyết định xếp hạng di tích cấp tỉnh",
            "p:Đưa di sản văn hóa phi vật thể vào Danh mục di sản văn hóa phi vật thể quốc "
            "gia",
            "c:Cấp phép tu bổ, sửa chữa di tích chưa được xếp hạng",
            "c:Tiếp nhận di vật, cổ vật do tổ chức, cá nhân phát hiện hoặc giao nộp",
        ),
    ),
    "gia_dinh": Vocab(
        real=(
            "c:Đăng ký hoạt động cơ sở trợ giúp nạn nhân bạo lực gia đình",
            "c:Đăng ký thay đổi nội dung hoặc cấp lại giấy chứng nhận đăng ký hoạt động của "
            "cơ sở trợ giúp nạn nhân bạo lực gia đình",
            "c:Đăng ký hoạt động cơ sở tư vấn về phòng, chống bạo lực gia đình",
            "c:Đăng ký thay đổi nội dung hoặc cấp lại giấy chứng nhận đăng ký hoạt động của "
            "cơ sở tư vấn về phòng, chống bạo lực gia đình",
            "c:Thông báo hoạt động của địa chỉ tin cậy ở cộng đồng",
            "c:Cấm tiếp xúc theo đề nghị của nạn nhân bạo lực gia đình",
            "p:Cấp giấy chứng nhận nghiệp vụ chăm sóc nạn nhân bạo lực gia đình",
            "p:Cấp giấy chứng nhận nghiệp vụ tư vấn về phòng, chống bạo lực gia đình",
            "p:Cấp lại giấy chứng nhận nghiệp vụ chăm sóc nạn nhân bạo lực gia đình",
            "p:Cấp lại giấy chứng nhận nghiệp vụ tư vấn về phòng, chống bạo lực gia đình",
            "p:Cấp thẻ nhân viên tư vấn phòng, chống bạo lực gia đình",
        ),
    ),
    "the_duc_the_thao": Vocab(
        real=(
            "p:Đăng ký tổ chức giải thi đấu thể thao thành tích cao khác do liên đoàn thể "
            "thao tỉnh tổ chức",
            "p:Đăng ký tổ chức giải thi đấu vô địch từng môn thể thao của tỉnh",
            "c:Công nhận câu lạc bộ thể thao cơ sở",
            "c:Giải thể câu lạc bộ thể thao cơ sở",
            "c:Tổ chức giải thi đấu thể thao quần chúng cấp xã",
            "c:Thông báo tổ chức hoạt động thể dục thể thao quần chúng",
            "c:Công nhận gia đình thể thao tiêu biểu",
            "p:Phong đẳng cấp vận động viên, huấn luyện viên",
            "p:Công nhận ban vận động thành lập liên đoàn thể thao tỉnh",
        ),
        objects=(
            obj("p:Giấy chứng nhận đủ điều kiện kinh doanh hoạt động thể thao",
                ("Cấp {o}", "Cấp lại {o}"), *(f"đối với môn {s}" for s in _SPORTS)),
        ),
    ),
    "du_lich": Vocab(
        real=(
            "p:Công nhận hạng cơ sở lưu trú du lịch hạng 1 sao, 2 sao, 3 sao đối với khách "
            "sạn, biệt thự du lịch, căn hộ du lịch",
            "p:Công nhận điểm du lịch",
            "p:Công nhận khu du lịch cấp tỉnh",
            "p:Thông báo cơ sở lưu trú du lịch đáp ứng điều kiện kinh doanh",
            "p:Cấp giấy chứng nhận nghiệp vụ hướng dẫn du lịch tại điểm",
            "p:Công nhận tuyến du lịch cộng đồng",
        ),
        objects=(
            obj("p:giấy phép kinh doanh dịch vụ lữ hành nội địa",
                ("Cấp {o}", "Cấp đổi {o}", "Cấp lại {o}", "Thu hồi {o}")),
            obj("p:thẻ hướng dẫn viên du lịch", ("Cấp {o}", "Cấp đổi {o}", "Cấp lại {o}"),
                "nội địa", "tại điểm"),
            obj("p:cơ sở kinh doanh dịch vụ", ("Công nhận {o} đạt tiêu chuẩn phục vụ khách "
                                                "du lịch",),
                "ăn uống", "mua sắm", "thể thao", "vui chơi, giải trí", "chăm sóc sức khỏe"),
        ),
    ),
    "thong_tin_truyen_thong": Vocab(
        real=(
            "p:Đăng ký hoạt động cơ sở in",
            "p:Thay đổi thông tin đăng ký hoạt động cơ sở in",
            "p:Cấp giấy phép xuất bản tài liệu không kinh doanh",
            "p:Cấp giấy phép nhập khẩu xuất bản phẩm không kinh doanh",
            "p:Cấp giấy phép tổ chức triển lãm, hội chợ xuất bản phẩm",
            "p:Cho phép họp báo trong nước",
            "p:Cho phép họp báo nước ngoài",
            "p:Đăng ký thu tín hiệu truyền hình nước ngoài trực tiếp từ vệ tinh",
            "p:Cấp giấy phép thu tín hiệu truyền hình nước ngoài trực tiếp từ vệ tinh",
            "p:Văn bản chấp thuận thay đổi nội dung ghi trong giấy phép xuất bản bản tin",
            "p:Đăng ký sử dụng máy photocopy màu",
            "p:Chuyển nhượng máy in",
        ),
        objects=(
            obj("p:giấy phép xuất bản bản tin", ("Cấp {o}", "Cấp sửa đổi, bổ sung {o}")),
            obj("p:giấy phép hoạt động in", ("Cấp {o}", "Cấp lại {o}", "Cấp đổi {o}")),
            obj("p:giấy xác nhận đăng ký hoạt động phát hành xuất bản phẩm",
                ("Cấp {o}", "Cấp lại {o}")),
            obj("p:giấy phép thiết lập trang thông tin điện tử tổng hợp", LICENCE),
            obj("c:giấy chứng nhận đủ điều kiện hoạt động điểm cung cấp dịch vụ trò chơi điện "
                "tử công cộng", ("Cấp {o}", "Sửa đổi, bổ sung {o}", "Gia hạn {o}",
                                 "Cấp lại {o}")),
        ),
    ),
    "ton_giao": Vocab(
        real=(
            "Đăng ký người được bổ nhiệm, bầu cử, suy cử làm chức việc",
            "Thông báo người được bổ nhiệm, bầu cử, suy cử làm chức việc",
            "c:Đăng ký sinh hoạt tôn giáo tập trung",
            "c:Đề nghị thay đổi địa điểm sinh hoạt tôn giáo tập trung",
            "c:Đăng ký hoạt động tín ngưỡng",
            "c:Đăng ký bổ sung hoạt động tín ngưỡng",
            "c:Thông báo về việc tổ chức lễ hội tín ngưỡng",
            "c:Đề nghị tổ chức lễ hội tín ngưỡng",
            "p:Đăng ký thuyên chuyển chức sắc, chức việc, nhà tu hành",
            "p:Đề nghị công nhận tổ chức tôn giáo có địa bàn hoạt động ở một tỉnh",
            "p:Đề nghị thành lập, chia, tách, sáp nhập, hợp nhất tổ chức tôn giáo trực thuộc",
            "p:Đăng ký mở lớp bồi dưỡng về tôn giáo cho người chuyên hoạt động tôn giáo",
            "p:Đề nghị tổ chức đại hội của tổ chức tôn giáo, tổ chức tôn giáo trực thuộc",
            "p:Đề nghị sửa đổi hiến chương của tổ chức tôn giáo",
            "p:Cấp chứng nhận đăng ký hoạt động tôn giáo cho tổ chức có địa bàn hoạt động ở "
            "một tỉnh",
            "p:Đề nghị thay đổi tên của tổ chức tôn giáo, tổ chức tôn giáo trực thuộc",
            "p:Đề nghị mời tổ chức, cá nhân nước ngoài vào Việt Nam thực hiện hoạt động tôn "
            "giáo",
            "p:Đề nghị sinh hoạt tôn giáo tập trung của người nước ngoài cư trú hợp pháp tại "
            "Việt Nam",
            "p:Thông báo thay đổi trụ sở của tổ chức tôn giáo trực thuộc",
            "c:Thông báo về việc cải tạo, nâng cấp công trình tín ngưỡng, công trình tôn giáo",
        ),
        objects=(
            obj("danh mục hoạt động tôn giáo",
                ("Thông báo {o}", "Thông báo {o} bổ sung"),
                "c:đối với tổ chức có địa bàn hoạt động tôn giáo ở một xã",
                "p:đối với tổ chức có địa bàn hoạt động tôn giáo ở nhiều xã thuộc một tỉnh"),
            obj("cuộc lễ ngoài cơ sở tôn giáo, địa điểm hợp pháp đã đăng ký",
                ("Đề nghị tổ chức {o}",), *_RELIGION_SCOPE),
            obj("giảng đạo ngoài địa bàn phụ trách, cơ sở tôn giáo, địa điểm hợp pháp đã "
                "đăng ký", ("Đề nghị {o}",), *_RELIGION_SCOPE),
            obj("hội nghị thường niên của tổ chức tôn giáo", ("Đề nghị tổ chức {o}",),
                *_RELIGION_SCOPE),
            obj("quyên góp của cơ sở tín ngưỡng, tổ chức tôn giáo", ("Thông báo tổ chức {o}",),
                *_RELIGION_SCOPE),
            obj("danh sách người được phong phẩm hoặc suy cử làm chức sắc", ("Thông báo {o}",),
                *_RELIGION_SCOPE),
            obj("người được cách chức, bãi nhiệm chức việc", ("Thông báo {o}",),
                *_RELIGION_SCOPE),
            obj("danh sách người vào tu", ("Thông báo {o}",), *_RELIGION_SCOPE),
        ),
    ),
    "dan_toc": Vocab(
        real=(
            "c:Công nhận người có uy tín trong đồng bào dân tộc thiểu số",
            "c:Đưa ra khỏi danh sách người có uy tín trong đồng bào dân tộc thiểu số",
            "c:Hỗ trợ đất ở, nhà ở, đất sản xuất, nước sinh hoạt cho hộ đồng bào dân tộc "
            "thiểu số nghèo",
            "c:Hỗ trợ chuyển đổi nghề cho hộ đồng bào dân tộc thiểu số",
            "c:Xét duyệt hỗ trợ học sinh dân tộc thiểu số rất ít người",
            "c:Xác nhận hộ gia đình dân tộc thiểu số thiếu đất sản xuất",
            "p:Xác định thôn, xã vùng đồng bào dân tộc thiểu số và miền núi theo trình độ "
            "phát triển",
            "p:Hỗ trợ phát triển sản xuất theo chuỗi giá trị vùng đồng bào dân tộc thiểu số",
            "p:Xét tuyển sinh theo chế độ cử tuyển",
            "p:Phê duyệt danh sách người có uy tín được thăm hỏi, hỗ trợ",
            "p:Hỗ trợ dự án phát triển dược liệu quý vùng đồng bào dân tộc thiểu số",
            "p:Công nhận nghệ nhân trong đồng bào dân tộc thiểu số",
            "p:Hỗ trợ bảo tồn văn hóa truyền thống các dân tộc thiểu số",
            "c:Đề nghị hỗ trợ bảo tồn nhà ở truyền thống của đồng bào dân tộc thiểu số",
        ),
    ),
    "phong_chay_chua_chay": Vocab(
        real=(
            "p:Thẩm định thiết kế về phòng cháy và chữa cháy",
            "p:Kiểm tra kết quả nghiệm thu về phòng cháy và chữa cháy",
            "p:Phục hồi hoạt động của cơ sở, phương tiện giao thông cơ giới, hộ gia đình và cá "
            "nhân",
            "p:Phê duyệt phương án chữa cháy của cơ sở",
            "p:Kiểm định phương tiện phòng cháy và chữa cháy",
            "p:Cấp giấy chứng nhận huấn luyện nghiệp vụ phòng cháy, chữa cháy",
            "p:Cấp giấy phép vận chuyển hàng hóa nguy hiểm về cháy, nổ",
            "p:Thẩm định điều chỉnh thiết kế về phòng cháy và chữa cháy",
            "p:Cấp giấy chứng nhận huấn luyện nghiệp vụ cứu nạn, cứu hộ",
            "p:Cấp lại giấy chứng nhận huấn luyện nghiệp vụ phòng cháy, chữa cháy",
            "p:Phê duyệt phương án cứu nạn, cứu hộ của cơ sở",
            "p:Kiểm tra an toàn phòng cháy, chữa cháy đối với nhà ở kết hợp sản xuất, kinh "
            "doanh",
        ),
        objects=(
            obj("p:giấy chứng nhận đủ điều kiện kinh doanh dịch vụ phòng cháy, chữa cháy",
                ("Cấp {o}", "Cấp lại {o}", "Cấp đổi {o}")),
            obj("p:chứng chỉ hành nghề tư vấn về phòng cháy, chữa cháy",
                ("Cấp {o}", "Cấp lại {o}")),
        ),
    ),
    "can_cuoc": Vocab(
        real=(
            "p:Cấp thẻ căn cước cho công dân từ đủ 14 tuổi trở lên",
            "p:Cấp thẻ căn cước cho người dưới 14 tuổi",
            "p:Cấp đổi thẻ căn cước",
            "p:Cấp lại thẻ căn cước",
            "p:Xác nhận số chứng minh nhân dân, số định danh cá nhân",
            "p:Cấp giấy chứng nhận căn cước cho người gốc Việt Nam chưa xác định được quốc "
            "tịch",
            "p:Cấp đổi giấy chứng nhận căn cước",
            "p:Cấp lại giấy chứng nhận căn cước",
            "p:Điều chỉnh thông tin trong Cơ sở dữ liệu quốc gia về dân cư",
            "p:Khai thác thông tin trong Cơ sở dữ liệu căn cước",
            "p:Tích hợp, cập nhật, điều chỉnh thông tin trên thẻ căn cước",
            "p:Cấp tài khoản định danh điện tử mức độ 2",
            "p:Thu nhận thông tin sinh trắc học ADN và giọng nói",
        ),
    ),
    "xuat_nhap_canh": Vocab(
        real=(
            "p:Cấp hộ chiếu phổ thông lần đầu thực hiện tại cấp tỉnh",
            "p:Cấp hộ chiếu phổ thông không lần đầu thực hiện tại cấp tỉnh",
            "p:Trình báo mất hộ chiếu phổ thông",
            "p:Khôi phục giá trị sử dụng hộ chiếu phổ thông",
            "p:Cấp thẻ tạm trú cho người nước ngoài tại Việt Nam",
            "p:Gia hạn tạm trú cho người nước ngoài tại Việt Nam",
            "p:Cấp thẻ thường trú cho người nước ngoài tại Việt Nam",
            "p:Khai báo tạm trú cho người nước ngoài tại Việt Nam",
            "p:Cấp giấy thông hành biên giới Việt Nam - Lào",
            "p:Cấp giấy thông hành biên giới Việt Nam - Campuchia",
            "p:Cấp lại thẻ tạm trú cho người nước ngoài tại Việt Nam",
        ),
    ),
}
